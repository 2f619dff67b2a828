"""The HTTP API of one served model (FastAPI): /predict, /predict.csv, /health, /model.

Handlers read the raw body (after a size check) instead of a pydantic model: the columns are
the model's, known only at run time, and the per-row checks of :mod:`mlpm.lifecycle.serving.checks`
give better messages than a generic validation error. Every failure a caller can cause is a
4xx with a JSON message; anything else is a 500 with one line and no traceback.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

from mlpm.data.csv_safe import safe_csv
from mlpm.errors import UserError
from mlpm.lifecycle.serving.checks import Limits, RequestRejected, check_rows, rows_from_json
from mlpm.lifecycle.serving.model import ServedModel
from mlpm.lifecycle.serving.traffic import TrafficLog


async def _read_body(request: Request, limits: Limits) -> bytes:
    """The body, refused (413) as soon as it passes the limit, before it is all read."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise _too_big(limits)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise _too_big(limits)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limits: Limits) -> RequestRejected:
    return RequestRejected(f"The request is larger than this server takes "
                           f"({limits.max_body_bytes / 1e6:,.1f} MB).",
                           "Split the rows into smaller requests.", status=413)


def create_app(served: ServedModel, *, limits: Limits | None = None,
               log: TrafficLog | None = None) -> FastAPI:
    """The API for ``served``; ``log`` (optional) receives every answered request's rows."""
    limits = limits or Limits()
    started = time.time()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if log is not None:  # graceful shutdown: requests are answered, then the last batch
            log.close()

    app = FastAPI(title=f"mlpm: run #{served.run.id} {served.run.model_name}",
                  docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @app.exception_handler(RequestRejected)
    async def _rejected(_request: Request, error: RequestRejected) -> JSONResponse:
        return JSONResponse(error.payload(), status_code=error.status)

    @app.exception_handler(UserError)
    async def _user_error(_request: Request, error: UserError) -> JSONResponse:
        return JSONResponse({"error": error.message, "hint": error.hint}, status_code=422)

    @app.exception_handler(Exception)
    async def _bug(_request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"error": f"The server failed to answer ({type(error).__name__}).",
                             "hint": "This is a bug in mlpm, not in the request."},
                            status_code=500)

    def _answer(request: Request, frame: Any, absent: dict[int, set[str]] | None) -> dict[str, Any]:
        allow_extra = request.query_params.get("extra", "") == "ignore"
        x = check_rows(frame, served.inputs, absent=absent, allow_extra=allow_extra)
        answers = served.as_json(served.answer(x))
        if log is not None:
            log.add(x, [a["chance"] for a in answers], [a["decision"] for a in answers])
        return {"model": served.version, "threshold": served.run.threshold,
                "predictions": answers}

    @app.post("/predict")
    async def predict(request: Request) -> JSONResponse:
        body = await _read_body(request, limits)
        start, cpu = time.perf_counter(), time.thread_time()
        frame, absent = rows_from_json(body, limits)
        answer = JSONResponse(_answer(request, frame, absent))
        # What the server itself spent (parse, checks, model, JSON): wall time, and CPU time,
        # which a busy machine does not inflate (bench/serve.py compares it with the model's).
        answer.headers["Server-Timing"] = (f"app;dur={(time.perf_counter() - start) * 1000:.3f}, "
                                           f"cpu;dur={(time.thread_time() - cpu) * 1000:.3f}")
        return answer

    @app.post("/predict.csv")
    async def predict_csv(request: Request) -> Response:
        from mlpm.data.load import load_table

        body = await _read_body(request, limits)
        if not body:
            raise RequestRejected("The request has no file.", "Send the CSV as the body.")
        dataset = load_table(body, name="request.csv")
        if dataset.n_rows > limits.max_rows:
            raise RequestRejected(f"The file has {dataset.n_rows:,} rows; this server takes at "
                                  f"most {limits.max_rows:,} per request.",
                                  "Split the file into smaller ones.", status=413)
        frame = dataset.frame
        payload = _answer(request, frame, None)
        out = frame.copy()
        out["decision"] = [a["decision"] for a in payload["predictions"]]
        out["chance"] = [a["chance"] for a in payload["predictions"]]
        if request.headers.get("accept", "").startswith("application/json"):
            return JSONResponse(payload)
        return Response(safe_csv(out, index=False), media_type="text/csv",
                        headers={"X-Model-Run": str(served.run.id),
                                 "X-Model-Sha256": served.model_sha256})

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", **served.version, "uptime_seconds": round(time.time() - started, 1),
                "logged_rows": None if log is None else log.written_rows}

    @app.get("/model")
    async def model() -> dict[str, Any]:
        return {**served.card(), "limits": {"max_body_bytes": limits.max_body_bytes,
                                            "max_rows": limits.max_rows}}

    return app

