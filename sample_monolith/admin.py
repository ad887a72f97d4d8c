"""The monolith's admin endpoint: switch the order module's inventory port at run time.

```
GET  /admin/inventory-port   -> {"mode", "url", "changed_at", "changed_by", "source", "in_flight"}
POST /admin/inventory-port   {"mode": "remote", "url": URL} | {"mode": "local"}
                             (+ optional "actor", "reason", "drain_timeout_seconds")
```

Guarantees:

* a bearer token is required (`--admin-token-file`, else `$STRANGLER_MONOLITH_ADMIN_TOKEN`;
  without either the endpoint answers 403 `admin_disabled`). The token never appears in a log
  line or an answer, only its 8-hex-digit SHA-256 fingerprint; comparison is constant-time;
* loopback only by default: a call from a non-loopback peer, or one that came through a proxy
  (it carries `X-Forwarded-For`, `Forwarded`, `X-Real-IP` or `Via`; the gateway forwards
  unrouted paths to the monolith and adds them) is refused with 403 unless the app was started
  with `--allow-remote-admin`;
* a POST answers 200 only once no order on the local port is in flight any more
  (`port_switch.PortSwitch`); past `drain_timeout_seconds` it answers 504 `drain_timeout` with
  the switch in place (call again to wait more). Idempotent;
* every call that reaches the endpoint (refused ones too) is audited: one `audit {json}` line
  on the `sample_monolith.audit` logger with the actor, reason, peer, token fingerprint,
  before and after, and the result.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import os
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from aiohttp import web
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from sample_monolith.port_switch import Choice, DrainTimeout
from sample_services.web import ApiError, BadRequest

__all__ = ["TOKEN_ENV", "AdminAccess", "PortRequest", "audit", "check_admin", "drain_timed_out"]

TOKEN_ENV = "STRANGLER_MONOLITH_ADMIN_TOKEN"
MIN_TOKEN_LENGTH = 16
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP", "Via")

audit_log = logging.getLogger("sample_monolith.audit")


class AdminRefused(ApiError):
    status = 403
    code = "forbidden"


class Unauthorized(ApiError):
    status = 401
    code = "unauthorized"


class DrainTimedOut(ApiError):
    status = 504
    code = "drain_timeout"


class AdminAccess:
    """Who may call the admin endpoint: the token (a secret) and whether remote peers may."""

    __slots__ = ("_token", "allow_remote", "fingerprint")

    def __init__(self, token: str | None, *, allow_remote: bool = False) -> None:
        self._token = token.strip().encode("utf-8") if token else None
        if self._token is not None and len(self._token) < MIN_TOKEN_LENGTH:
            raise ValueError(f"the admin token must be at least {MIN_TOKEN_LENGTH} characters")
        self.fingerprint = hashlib.sha256(self._token).hexdigest()[:8] if self._token else None
        self.allow_remote = allow_remote

    @classmethod
    def from_sources(cls, token_file: str | None, *, allow_remote: bool = False) -> AdminAccess:
        """The token from `token_file`, else `$STRANGLER_MONOLITH_ADMIN_TOKEN`, else none."""
        if token_file:
            try:
                token = Path(token_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise ValueError(f"cannot read {token_file}: {exc.strerror}") from None
        else:
            token = os.environ.get(TOKEN_ENV, "")
        return cls(token or None, allow_remote=allow_remote)

    @property
    def enabled(self) -> bool:
        return self._token is not None

    def matches(self, authorization: str | None) -> bool:
        if self._token is None or not authorization:
            return False
        scheme, _, presented = authorization.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode("utf-8"), self._token)

    def __repr__(self) -> str:
        return f"AdminAccess(fingerprint={self.fingerprint!r}, allow_remote={self.allow_remote})"


def _is_loopback(peer: str | None) -> bool:
    try:
        return peer is not None and ipaddress.ip_address(peer).is_loopback
    except ValueError:
        return False


def audit(request: web.Request, access: AdminAccess, **record: Any) -> None:
    entry = {"action": "inventory_port", "method": request.method, "peer": request.remote,
             "token": access.fingerprint if access.matches(
                 request.headers.get("Authorization")) else None, **record}
    audit_log.warning("audit %s", json.dumps(entry, sort_keys=True, default=str))


def check_admin(request: web.Request, access: AdminAccess) -> None:
    """Raise (and audit) unless this request may use the admin endpoint."""
    if not access.enabled:
        refused: ApiError = AdminRefused(
            "the admin endpoint is disabled: start the monolith with --admin-token-file or "
            f"${TOKEN_ENV}", code="admin_disabled")
    elif not access.allow_remote and (
            not _is_loopback(request.remote)
            or any(h in request.headers for h in PROXY_HEADERS)):
        refused = AdminRefused("the admin endpoint answers loopback callers only (not through "
                               "a proxy); start with --allow-remote-admin to change that",
                               code="admin_loopback_only")
    elif not access.matches(request.headers.get("Authorization")):
        refused = Unauthorized("a valid admin bearer token is required")
    else:
        return
    audit(request, access, result="refused", status=refused.status, error=refused.code)
    raise refused


def _check_api_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s)://HOST[:PORT][/PATH] URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError("must not carry credentials")
    if parts.query or parts.fragment:
        raise ValueError("must not have a query or fragment")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError("has an invalid port") from None
    return text.rstrip("/")


class PortRequest(BaseModel):
    """`POST /admin/inventory-port`."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    mode: Literal["local", "remote"]
    url: Annotated[str, Field(max_length=2000), AfterValidator(_check_api_url)] | None = None
    actor: Annotated[str, Field(min_length=1, max_length=200)] = "unknown"
    reason: Annotated[str, Field(max_length=500)] = ""
    drain_timeout_seconds: Annotated[float, Field(ge=0, le=300)] = 10.0

    @model_validator(mode="after")
    def _url_iff_remote(self) -> PortRequest:
        if self.mode == "remote" and self.url is None:
            raise BadRequest("url: required for mode remote", field="url",
                             code="missing_field")
        if self.mode == "local" and self.url is not None:
            raise BadRequest("url: only for mode remote", field="url", code="invalid_field")
        return self

    @property
    def choice(self) -> Choice:
        return Choice(self.mode, self.url)


def drain_timed_out(exc: DrainTimeout) -> DrainTimedOut:
    return DrainTimedOut(f"{exc}: the switch is in place; call again to wait for the drain",
                         field="drain_timeout_seconds")
