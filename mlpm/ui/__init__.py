"""The only Streamlit-aware part of the library: journey state, shared widgets, caches."""
