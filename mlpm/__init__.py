"""mlpm: decide whether machine learning fits a product problem, then prove it on real data.

Everything here is plain Python (no Streamlit outside ``mlpm.ui``) so the web app, the
``mlpm`` command line and tests all share one library.
"""

__version__ = "0.1.0"
