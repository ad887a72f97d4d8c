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


class PoisonEvent(CdcError):
    """A record that can never be applied: it goes to the dead-letter topic."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class SchemaDrift(CdcError):
    """A source table has columns the target cannot take: the table is held, not dropped."""

    def __init__(self, table: str, columns: list[str]) -> None:
        super().__init__(
            f"table {table} is held: source column(s) {', '.join(columns)} have no target "
            f"column (add them at the target or list them under `ignore`, then restart)")
        self.table = table
        self.columns = columns


class TargetUnavailable(CdcError):
    """The target (or source) database did not answer: roll back, back off, retry."""

    retriable = True


class TruncateBlocked(TargetUnavailable):
    """A source TRUNCATE cannot be applied yet: a target table referencing the truncated one
    still has rows (its own truncate has not arrived). Roll back, back off, retry."""


class ApplierBusy(TargetUnavailable):
    """Another applier of the same context and direction is active: stand by and retry."""


class PreflightFailed(CdcError):
    """Preflight checks found errors in the source database (exit code 1: a check failed).

    The message lists every failed check, each naming the object and the fix; `findings` holds
    them all (warnings included) for callers that render them themselves.
    """

    exit_code = 1

    def __init__(self, message: str, findings: tuple[object, ...] = ()) -> None:
        super().__init__(message)
        self.findings = findings


class SourceUnavailable(CdcError):
    """A source or target database did not answer (down, restarting, refusing connections)."""

    retriable = True


class SlotBusy(CdcError):
    """A replication slot stayed in use, so it could not be dropped (retry once it is free)."""

    retriable = True


class DatabaseRefused(CdcError):
    """A database answered but refused the connection (wrong password, unknown role or
    database): retrying cannot help until someone fixes the DSN or the server."""


class BrokerUnavailable(CdcError):
    """The Kafka broker did not answer a metadata request in time."""

    retriable = True


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (drivers append detail lines), or its type."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
class VerifyFailed(CdcError):
    """A verification pass could not finish (a fence that never got applied, a table that
    vanished): a runtime failure, exit code 3, never a verdict."""

    exit_code = 3


class FenceTimeout(CdcError):
    """The applier did not apply a fence at or past a source position in time."""

    retriable = True
    exit_code = 3

    def __init__(self, message: str, *, applied: int | None) -> None:
        super().__init__(message)
        self.applied = applied  # the newest applied fence seen (None: none yet)
