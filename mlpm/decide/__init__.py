"""Should we use ML? as facts: questions, scoring, framing, practice cases, data vs answers, link.

No sentences here (they are in :mod:`mlpm.explain.fit` and :mod:`mlpm.explain.fit_verdict`);
the brief is laid out in :mod:`mlpm.present.fit_brief` and :mod:`mlpm.present.fit_brief_html`.
"""
