"""How the project's command lines report a failure: one line on stderr, an honest exit code.

`explain` turns an exception that reached a CLI boundary into a message and an exit code: the
packages' own errors carry theirs (2 usage or config, 3 runtime); infrastructure errors that
escaped translation (psycopg, the Kafka client, HTTP) are runtime failures (3). Every message
passes through `strangler.dsn.redact`, so no password reaches the terminal even when a library
quoted one. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import click
import psycopg
import requests
from confluent_kafka import KafkaException

from cdc.errors import CdcError, first_line
from phase.errors import PhaseError
from strangler.dsn import redact
from strangler.errors import StranglerError

__all__ = ["explain", "report"]


def explain(exc: BaseException) -> tuple[str, int] | None:
    """(message, exit code) for a failure a user should see without a traceback, else None."""
    if isinstance(exc, StranglerError | CdcError | PhaseError):
        text, code = str(exc), int(getattr(exc, "exit_code", 3))
    elif isinstance(exc, psycopg.Error):
        text, code = f"database: {' '.join(first_line(exc).split())}", 3
    elif isinstance(exc, KafkaException):
        error = exc.args[0] if exc.args else exc
        text, code = f"Kafka: {error.str() if hasattr(error, 'str') else error}", 3
    elif isinstance(exc, requests.RequestException):
        text, code = f"HTTP request failed: {type(exc).__name__}", 3
    else:
        return None
    return redact(text), code


def report(exc: Exception) -> int:
    """Print `error: ...` on stderr and return the exit code; re-raise what `explain` cannot."""
    failure = explain(exc)
    if failure is None:
        raise exc
    message, code = failure
    click.echo(f"error: {message}", err=True)
    return code
