"""Every plain-language sentence a PM reads, in one package.

Text lives here, not in pages or computations, so wording is reviewed in one place and tested
to exist for every metric, alert and verdict. Submodules: ``fit`` (Should we use ML?),
``metrics`` (scores and confusion cells), ``data`` (data review), ``glossary``.
"""
