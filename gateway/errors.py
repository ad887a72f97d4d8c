"""The one exception tree of the `gateway` package.

Every error raised on purpose derives from `GatewayError` and carries the HTTP status it implies
(`status`) and a short machine-readable `code`. The HTTP boundary (`server.py`, `admin.py`)
translates them into responses; the CLI translates `ConfigError` into exit code 2. Messages never
contain secrets (tokens, credentials) nor request bodies.
"""

from __future__ import annotations


class GatewayError(Exception):
    """Base of every error raised on purpose by the gateway."""

    status: int = 500
    code: str = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- configuration ---------------------------------------------------------------------------


class ConfigError(GatewayError):
    """routes.yaml (or an admin change to it) is invalid; names the path inside the file."""

    status = 500
    code = "invalid_config"

    def __init__(self, path: str, problem: str, *, line: int | None = None,
                 source: str | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.source = source
        where = f"{path}: " if path else ""
        loc = ""
        if source and line:
            loc = f" ({source}, line {line})"
        elif line:
            loc = f" (line {line})"
        super().__init__(f"{where}{problem}{loc}")


# --- client requests -------------------------------------------------------------------------


class BadRequest(GatewayError):
    status = 400
    code = "bad_request"


class InvalidTarget(BadRequest):
    """The request target is not in the one canonical form the gateway accepts."""

    code = "invalid_target"


class InvalidFraming(BadRequest):
    """Conflicting or unsupported message framing (Content-Length / Transfer-Encoding)."""

    code = "invalid_framing"


class InvalidHost(BadRequest):
    code = "invalid_host"


class ClientDisconnected(BadRequest):
    """The client went away before its request body arrived in full."""

    code = "client_disconnected"


class RequestTimeout(GatewayError):
    """The client stopped sending its request body (`limits.body_timeout` passed without a
    byte while the gateway was waiting for one)."""

    status = 408
    code = "request_timeout"


class TargetTooLong(GatewayError):
    status = 414
    code = "target_too_long"


class HeadTooLarge(GatewayError):
    """Too many header fields, one too large, or the whole request head too large."""

    status = 431
    code = "head_too_large"


class UnsupportedVersion(GatewayError):
    status = 505
    code = "http_version_not_supported"


class MethodNotAllowed(GatewayError):
    status = 405
    code = "method_not_allowed"

    def __init__(self, message: str, *, allow: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allow = allow


class BodyTooLarge(GatewayError):
    status = 413
    code = "body_too_large"


class NotRouted(GatewayError):
    """The path lies inside a context's owned prefix but matches none of its routes."""

    status = 404
    code = "not_routed"


class WritesHeld(GatewayError):
    """A write waited in its context's write hold (write_hold.py) for the longest it may."""

    status = 503
    code = "writes_held"
    retry_after = 1  # seconds: a hold is meant to last well under a second

    def __init__(self, message: str, context: str) -> None:
        super().__init__(message)
        self.context = context


# --- upstreams ---------------------------------------------------------------------------------


class UpstreamError(GatewayError):
    """The upstream could not produce a usable response."""

    status = 502
    code = "bad_gateway"
    kind = "error"


class UpstreamConnectError(UpstreamError):
    kind = "connect"


class UpstreamTimeout(UpstreamError):
    status = 504
    code = "gateway_timeout"
    kind = "timeout"


class UpstreamProtocolError(UpstreamError):
    kind = "protocol"


class ResponseAborted(UpstreamProtocolError):
    """The upstream failed after the response head was sent; the client connection was
    aborted. `response` is the already-started response (nothing more can be sent)."""

    def __init__(self, message: str, response: object) -> None:
        super().__init__(message)
        self.response = response


# --- admin API -------------------------------------------------------------------------------


class Unauthorized(GatewayError):
    status = 401
    code = "unauthorized"


class UnknownContext(GatewayError):
    status = 404
    code = "unknown_context"


class NotFound(GatewayError):
    """An admin resource that does not exist (e.g. an evidence bundle id)."""

    status = 404
    code = "not_found"


class StageChangeRefused(GatewayError):
    """A stage change was refused: not an allowed transition, stale expectation, or a gate."""

    status = 409
    code = "stage_change_refused"


class WriteHoldUnconfirmed(GatewayError):
    """A write hold (or its release) was not acknowledged by every worker in time."""

    status = 503
    code = "write_hold_unconfirmed"


class WriteDrainTimeout(GatewayError):
    """A write hold is in place, but writes that started before it were still in flight."""

    status = 504
    code = "write_drain_timeout"


class WriteHoldRefused(GatewayError):
    """A release was refused, e.g. a worker does not serve the expected stage yet."""

    status = 409
    code = "write_hold_refused"


class AuditUnavailable(GatewayError):
    """The audit log cannot be written, so no change may be applied."""

    status = 503
    code = "audit_unavailable"


class StageStoreUnavailable(GatewayError):
    """The stage store (the control table) cannot be reached: no stage can change now; the
    gateway keeps routing with the last stages it knows."""

    status = 503
    code = "stage_store_unavailable"


class UnsupportedMediaType(GatewayError):
    status = 415
    code = "unsupported_media_type"


class InvalidAdminRequest(GatewayError):
    status = 400
    code = "invalid_request"


class AdminBodyTooLarge(InvalidAdminRequest):
    status = 413
    code = "body_too_large"
