"""`mlpm serve`: a run's saved model as an HTTP API on this machine (issue 18).

``model.py`` loads the model (only through the skops allow-list) and answers for a table,
``checks.py`` turns a request into a table or a per-row list of problems, ``app.py`` is the
FastAPI app, ``traffic.py`` logs what was served in batches and compares it with the training
data, ``bench.py`` measures latency and throughput, ``server.py`` runs uvicorn. See
docs/hosting.md.
"""
