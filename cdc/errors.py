"""The exception tree of the `cdc` package.

Every error says whether retrying can help (`retriable`): infrastructure trouble (a broker or
database that does not answer) is retriable, bad configuration or a refused request is not.
"""

from __future__ import annotations


class CdcError(Exception):
    """Base of every error raised on purpose by the CDC package."""

    retriable = False


class ConnectError(CdcError):
    """Kafka Connect refused a request or answered something unexpected."""

    def __init__(self, message: str, *, status: int | None = None, retriable: bool = False):
        super().__init__(message)
        self.status = status
        self.retriable = retriable


class ConnectUnavailable(ConnectError):
    """The Kafka Connect REST API did not answer (worker down, restarting, or rebalancing)."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message, status=status, retriable=True)


class CdcConfigError(CdcError):
    """The sync configuration is invalid (a user mistake: exit code 2)."""

    exit_code = 2
