"""HTTP plumbing shared by every sample app (the monolith included): errors, bodies, serving.

Owns and guarantees:
* `ApiError` is the root of the sample apps' exception tree; each app package derives its own
  errors from it. Every error leaves an app as `{"error": {"code", "message", "field"}}` with the
  status the error carries; aiohttp's own 404/405/413 and unexpected exceptions get the same
  envelope (an unexpected exception is logged and answered 500 without internals).
* `read_json` reads at most `max_body` bytes (aiohttp's `client_max_size` enforces the same
  bound while streaming), insists on a JSON object and validates it with a pydantic model, so a
  handler only ever sees a typed, valid request.
* A database that is unreachable or busy past the lock/statement timeouts is answered
  503 `database_unavailable` with `Retry-After`, so callers (and the gateway's fallback) can
  tell it from a bug.
* `serve` runs an app until SIGTERM or SIGINT, then stops accepting connections, lets in-flight
  requests finish (up to `shutdown_timeout`) and runs the app's cleanup (engines disposed).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from aiohttp import web
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import OperationalError

__all__ = [
    "DEFAULT_MAX_BODY",
    "ApiError",
    "BadRequest",
    "Conflict",
    "NotFound",
    "ServiceUnavailable",
    "error_middleware",
    "error_response",
    "iso_utc",
    "path_id",
    "query_int",
    "json_response",
    "read_json",
    "redact",
    "serve",
    "session_options",
    "sqlalchemy_url",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BODY = 64 * 1024
MAX_ID = 2**63 - 1

M = TypeVar("M", bound=BaseModel)


# --- the exception tree --------------------------------------------------------------------


class ApiError(Exception):
    """Base of every error a sample app raises on purpose; carries its HTTP status."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class BadRequest(ApiError):
    status = 400
    code = "invalid_request"


class UnsupportedMediaType(ApiError):
    status = 415
    code = "unsupported_media_type"


class PayloadTooLarge(ApiError):
    status = 413
    code = "body_too_large"


class NotFound(ApiError):
    status = 404
    code = "not_found"


class Conflict(ApiError):
    status = 409
    code = "conflict"


class ServiceUnavailable(ApiError):
    status = 503
    code = "unavailable"


# --- responses -----------------------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    """One timestamp format for every app: UTC, microseconds, `Z` suffix."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def json_response(body: Any, *, status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=_dumps)


def error_response(status: int, code: str, message: str, field: str | None = None,
                   headers: dict[str, str] | None = None) -> web.Response:
    body = {"error": {"code": code, "message": message, "field": field}}
    return web.json_response(body, status=status, dumps=_dumps, headers=headers)


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}


@web.middleware
async def error_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(exc.status, exc.code, exc.message, exc.field)
    except OperationalError as exc:
        # Connection lost, lock or statement timeout: the request may succeed if retried.
        log.warning("database unavailable on %s %s: %s", request.method, request.rel_url.path,
                    type(getattr(exc, "orig", exc)).__name__)
        return error_response(503, "database_unavailable",
                              "the database is busy or unreachable; retry later",
                              headers={"Retry-After": "1"})
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        message = exc.reason if exc.status != 413 else "request body is too large"
        return error_response(exc.status, _HTTP_CODES.get(exc.status, "http_error"), message,
                              headers=headers)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.rel_url.path)
        return error_response(500, "internal_error", "internal server error")


# --- requests ------------------------------------------------------------------------------


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


async def read_json(request: web.Request, model: type[M], *, max_body: int) -> M:
    """The request body parsed and validated as `model`; ApiError on anything else."""
    if request.content_length is not None and request.content_length > max_body:
        raise PayloadTooLarge(f"request body is larger than {max_body} bytes")
    if request.content_type != "application/json":
        raise UnsupportedMediaType("request body must be application/json")
    # Chunked bodies have no Content-Length: count while reading, never buffer past the bound.
    chunks: list[bytes] = []
    size = 0
    while size <= max_body:
        chunk = await request.content.read(max_body + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > max_body:
        raise PayloadTooLarge(f"request body is larger than {max_body} bytes")
    raw = b"".join(chunks)
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"malformed JSON: {exc}", code="malformed_json") from None
    if not isinstance(data, dict):
        raise BadRequest("request body must be a JSON object", code="invalid_body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = _field_path(tuple(first["loc"])) or None
        kind = first["type"]
        code = {"missing": "missing_field", "extra_forbidden": "unknown_field"}.get(
            kind, "invalid_field")
        raise BadRequest(f"{field}: {first['msg']}" if field else first["msg"],
                         field=field, code=code) from None


def path_id(request: web.Request, name: str) -> int:
    """A positive 64-bit id from the URL path; 400 naming the parameter otherwise."""
    raw = request.match_info[name]
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise BadRequest(f"{name} must be a positive integer", field=name, code="invalid_field")
    return int(raw)


def query_int(request: web.Request, name: str, *, default: int | None, low: int,
              high: int) -> int | None:
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
        raise BadRequest(f"{name} must be an integer in {low}..{high}", field=name,
                         code="invalid_field")
    return int(raw)


def redact(dsn: str) -> str:
    """A DSN fit for logs: the password replaced by `***`."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


def session_options(*, lock_timeout_ms: int, statement_timeout_ms: int = 15_000) -> str:
    """libpq `options` that bound every statement of an app's sessions."""
    return f"-c lock_timeout={lock_timeout_ms} -c statement_timeout={statement_timeout_ms}"


def sqlalchemy_url(dsn: str) -> str:
    """`postgresql://...` as SQLAlchemy's psycopg 3 URL."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if dsn.startswith(prefix):
            return "postgresql+psycopg://" + dsn[len(prefix):]
    raise ValueError("a PostgreSQL DSN must start with postgresql://")


# --- serving -------------------------------------------------------------------------------


async def serve(app: web.Application, *, host: str, port: int, name: str,
                shutdown_timeout: float = 10.0,
                ready: Callable[[str], None] | None = None) -> None:
    """Serve `app` until SIGTERM/SIGINT, then shut down gracefully."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout,
                           handle_signals=False)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    try:
        site = web.TCPSite(runner, host, port, backlog=512)
        await site.start()
        bound_host, bound_port = runner.addresses[0][:2]
        url = f"http://{bound_host}:{bound_port}"
        (ready or (lambda u: print(f"{name} listening on {u}", file=sys.stderr, flush=True)))(url)
        await stop.wait()
        print(f"{name}: shutting down", file=sys.stderr, flush=True)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)
        await runner.cleanup()
