"""Debezium PostgreSQL connector configs, built from a DSN and the tables to capture.

The defaults are tuned for low latency on a local stack; each one says why:
* `poll.interval.ms=20`: Debezium waits this long between polls of its internal queue; the
  default 500 ms dominated commit→consumer latency (p50 715 ms vs 127 ms measured here);
* `plugin.name=pgoutput`: built into PostgreSQL 10+, no server-side plugin to install;
* `publication.autocreate.mode=filtered`: the publication holds only the captured tables;
* `decimal.handling.mode=string`: numeric(12,2) arrives as "12.30", exact and readable, not as
  base64 bytes or a lossy double;
* `time.precision.mode=adaptive_time_microseconds`, `tombstones.on.delete=true`: delete events
  are followed by a tombstone so compacted topics can drop the key;
* `skipped.operations=none`: Debezium skips TRUNCATE events (`t`) by default, and a target
  would then silently keep rows the source no longer has; the applier applies them;
* `topic.creation.default.partitions`: set explicitly, since brokers differ in their default.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from psycopg.conninfo import conninfo_to_dict

from strangler.dsn import password_for

__all__ = ["postgres_connector_config"]


def postgres_connector_config(
    *,
    dsn: str,
    topic_prefix: str,
    tables: Iterable[str],
    slot_name: str,
    publication_name: str | None = None,
    partitions: int = 1,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A complete `io.debezium.connector.postgresql.PostgresConnector` config.

    The password comes from the DSN or, as libpq would find it, from `PGPASSWORD` or the
    password file.
    """
    info = conninfo_to_dict(dsn)
    table_list = ",".join(tables)
    if not table_list:
        raise ValueError("a connector needs at least one table to capture")
    config = {
        "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
        "tasks.max": "1",
        "plugin.name": "pgoutput",
        "database.hostname": str(info.get("host", "127.0.0.1")),
        "database.port": str(info.get("port", 5432)),
        "database.user": str(info.get("user", "postgres")),
        # Kafka Connect does not read PGPASSFILE: a DSN without a password takes it from there.
        "database.password": password_for(info) or "",
        "database.dbname": str(info["dbname"]),
        "topic.prefix": topic_prefix,
        "table.include.list": table_list,
        "slot.name": slot_name,
        "publication.name": publication_name or f"{slot_name}_pub",
        "publication.autocreate.mode": "filtered",
        "snapshot.mode": "initial",
        "poll.interval.ms": "20",
        "decimal.handling.mode": "string",
        "time.precision.mode": "adaptive_time_microseconds",
        "tombstones.on.delete": "true",
        "skipped.operations": "none",
        "topic.creation.default.partitions": str(partitions),
        "topic.creation.default.replication.factor": "1",
    }
    config.update(extra or {})
    return config
