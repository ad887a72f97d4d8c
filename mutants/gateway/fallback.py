"""When a failed attempt on the service may be retried on the legacy upstream (pure).

Owns the fallback policy. Guarantees: only decisions that carry a fallback upstream (reads in
the `canary` and `reads` stages, see routing.py) ever fall back; only failures that happened
before any byte of the response reached the client do (connect error, timeout before the
response head, protocol error before the head, a 5xx status unless `fallback.on_5xx: false`, a
404 only with `fallback.on_404: true`); a request falls back at most once and the answer says so
(`X-Strangler-Fallback: <reason>`); writes never fall back, so a write is never executed twice.
"""

from __future__ import annotations

from gateway.errors import UpstreamError

__all__ = ["fallback_reason", "status_fails"]


def status_fails(status: int, *, on_404: bool = False, on_5xx: bool = True) -> bool:
    """A primary answer with this status is replaced by the fallback's answer."""
    return (on_5xx and status >= 500) or (on_404 and status == 404)


def fallback_reason(error: UpstreamError | None, status: int | None, *,
                    on_404: bool = False, on_5xx: bool = True) -> str | None:
    """The reason for falling back (metrics label and `X-Strangler-Fallback` value), or None
    when the attempt is to be kept."""
    if error is not None:
        return error.kind
    if status is not None and status_fails(status, on_404=on_404, on_5xx=on_5xx):
        return "status_404" if status == 404 else "status_5xx"
    return None
