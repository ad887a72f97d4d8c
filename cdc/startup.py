"""What an applier checks once before it starts, each check bounded in time.

The target and the source database (the applier reads the connector's placeholders and, with
loop prevention, the opposite applier's markers there) must answer and accept their
credentials, and the broker must answer a metadata request: confluent-kafka never fails on
an unreachable bootstrap server, it retries in the background forever. A failed check raises
a one-line error (exit 3) naming the endpoint with its password redacted: `DatabaseRefused`
when the server answered and said no (never worth retrying), `TargetUnavailable` /
`SourceUnavailable` / `BrokerUnavailable` when it did not answer. Outages after start-up are
the applier's to ride out: it rolls the batch back and retries with backoff.
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient

from cdc.errors import BrokerUnavailable, DatabaseRefused, SourceUnavailable, TargetUnavailable
from strangler.dsn import redact

__all__ = ["check_broker", "check_database", "connect_failure"]

# What libpq says when a server answered and refused: the same answer comes back on retry...
_REFUSALS = ("FATAL:", "fe_sendauth", "authentication", "pg_hba.conf")
# ...except for these answers of a server that is busy, starting or stopping.
_TRANSIENT = ("starting up", "shutting down", "too many clients", "recovery", "not yet accepting")


def connect_failure(message: str) -> tuple[bool, str]:
    """(refused, reason) from a psycopg connection error's text (pure).

    `refused` is true when the server answered and turned the connection down. `reason` is
    libpq's own last clause, e.g. `password authentication failed for user "app"`.
    """
    text = " ".join(message.split())
    refused = (any(marker in text for marker in _REFUSALS)
               and not any(marker in text for marker in _TRANSIENT))
    reason = text.rsplit(" failed: ", 1)[-1] if " failed: " in text else text
    reason = reason.removeprefix("FATAL:").strip()
    return refused, reason or "no answer"


def check_database(dsn: str, *, role: str, database: str, hint: str,
                   timeout: float = 5.0) -> None:
    """Connect once to `dsn` (`role` is "target" or "source"); raise if that fails."""
    try:
        psycopg.connect(dsn, connect_timeout=max(int(timeout), 1)).close()
    except psycopg.Error as exc:
        refused, reason = connect_failure(str(exc))
        where = f"{role} database {database} at {redact(dsn)}"
        if refused:
            raise DatabaseRefused(redact(f"{where} refused the connection: {reason} "
                                         f"({hint})")) from None
        unavailable = TargetUnavailable if role == "target" else SourceUnavailable
        raise unavailable(redact(f"{where} is unreachable: {reason} ({hint})")) from None


def check_broker(bootstrap: str, *, hint: str, timeout: float = 5.0) -> None:
    """Ask the brokers at `bootstrap` for cluster metadata; raise if none answers in time."""
    quiet = logging.getLogger("cdc.startup.kafka")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False  # librdkafka logs every failed connection attempt
    settings: dict[str, Any] = {"bootstrap.servers": bootstrap, "logger": quiet,
                                "socket.timeout.ms": int(timeout * 1000)}
    admin = AdminClient(settings)
    try:
        admin.list_topics(timeout=timeout)
    except KafkaException:
        raise BrokerUnavailable(f"Kafka broker at {bootstrap} did not answer a metadata "
                                f"request within {timeout:.0f} s ({hint})") from None
