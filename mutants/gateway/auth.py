"""The admin bearer token.

Owns the secret. Guarantees: the token's value never appears in a repr, str, log line or audit
record (only an 8-hex-digit SHA-256 fingerprint does); comparisons are constant-time
(`hmac.compare_digest`); tokens shorter than 16 characters are refused.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from gateway.errors import ConfigError

__all__ = ["AdminToken", "MIN_TOKEN_LENGTH"]

MIN_TOKEN_LENGTH = 16


class AdminToken:
    __slots__ = ("_value", "fingerprint")

    def __init__(self, value: str) -> None:
        value = value.strip()
        if len(value) < MIN_TOKEN_LENGTH:
            raise ConfigError("admin token",
                              f"must be at least {MIN_TOKEN_LENGTH} characters long")
        self._value = value.encode("utf-8")
        self.fingerprint = hashlib.sha256(self._value).hexdigest()[:8]

    @classmethod
    def from_file(cls, path: str | Path) -> AdminToken:
        try:
            return cls(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError("admin token file", f"cannot read {path}: {exc.strerror}") from None

    def matches_header(self, authorization: str | None) -> bool:
        """True when `Authorization: Bearer <token>` carries this token."""
        if not authorization:
            return False
        scheme, _, presented = authorization.partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(presented.strip().encode("utf-8"), self._value)

    def reveal(self) -> str:
        """The raw value: only for handing to a worker process over a pipe."""
        return self._value.decode("utf-8")

    def __repr__(self) -> str:
        return f"AdminToken(fingerprint={self.fingerprint!r}, value='***')"

    __str__ = __repr__

    def __reduce__(self) -> str | tuple[object, ...]:  # never pickle the secret by accident
        raise TypeError("AdminToken cannot be pickled")
