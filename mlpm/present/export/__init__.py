"""Meeting artefacts: chart images, a PPTX deck, a self-contained HTML report, a model card.

Everything here works without a browser or network: Altair charts are rendered by vl-convert.
"""
