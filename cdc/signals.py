"""Debezium's signal table: how the pipeline asks its own connector for a targeted re-sync.

Each direction's connector watches one table in its source database (`signal_table`, the
pipeline's own table like the fence table, never the application's data) through
`signal.data.collection`. A row inserted there with type `execute-snapshot` and
`{"type": "incremental", "data-collections": [...], "additional-conditions":
[{"data-collection": T, "filter": SQL}]}` makes the connector read exactly the rows of T that
match the filter and emit them as `op=r` events, while streaming goes on (Debezium 3.1).
During such a snapshot the connector writes its chunk watermarks into the same table
(`insert_delete`: each open watermark is deleted again, the table stays small), so the table
is captured (`table.include.list`, hence the publication) and the connector's user may write
it. The applier never reads the signal table's topic.

`SIGNAL_DDL` creates the table (idempotent); `snapshot_signal` builds the row (pure).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["SIGNAL_DDL", "Signal", "signal_config", "snapshot_signal"]

# Debezium reads the columns by position: id, type, data. `data` is text, not the varchar(2048)
# of Debezium's example: a filter naming many keys is longer than that.
SIGNAL_DDL = """
create table if not exists {table} (
    id varchar(64) primary key,
    type varchar(32) not null,
    data text
);
"""


def signal_config(table: str) -> dict[str, str]:
    """The connector settings that make `table` its signal table."""
    return {
        "signal.data.collection": table,
        "signal.enabled.channels": "source",
        # Delete each open watermark when the chunk closes: the table does not grow with every
        # re-sync (the default, insert_insert, leaves two rows per chunk behind).
        "incremental.snapshot.watermarking.strategy": "insert_delete",
    }


class Signal(NamedTuple):
    """One signal row."""

    id: str
    type: str
    data: str


def snapshot_signal(filters: Mapping[str, str]) -> Signal:
    """An incremental snapshot of the rows of each table (schema.table) matching its SQL filter
    (a boolean expression over the source table's columns)."""
    data = {"data-collections": list(filters), "type": "incremental",
            "additional-conditions": [{"data-collection": table, "filter": condition}
                                      for table, condition in filters.items()]}
    return Signal(f"strangler-repair-{uuid.uuid4().hex[:16]}", "execute-snapshot",
                  json.dumps(data))
