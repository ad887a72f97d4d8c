"""Connector management: the generated config (pure), then every operation on the real stack."""

from __future__ import annotations

import json
import re
import time

import psycopg
import pytest

from cdc.config import Direction, SyncConfig
from cdc.connectors import Connectors, connector_config, redact_config
from cdc.endpoints import Endpoints
from cdc.errors import CdcConfigError, ConnectError, PreflightFailed
from cdc.fences import heartbeat_query
from cdc.kafka import RawRecord
from cdc.placeholders import new_placeholder
from strangler.stack.runner import LocalStack
from tests.cdc.conftest import MakeDirection
from tests.support import execute, read_topic, unique

DSN = "postgresql://cdc:pa55word@127.0.0.1:5432/monolith"
PLACEHOLDER = new_placeholder()


def sync(**changes: object) -> SyncConfig:
    base = {
        "source": "monolith", "target": "inventory", "topic_prefix": "mono", "slot": "inv_fwd",
        "fence_table": "public.fence", "partitions": 3,
        "tables": [{"source": "items", "target": "stock_items"},
                   {"source": "public.prices", "target": "public.stock_prices"}],
        "reverse": {"topic_prefix": "inv", "slot": "inv_rev", "fence_table": "public.inv_fence"},
    }
    return SyncConfig.model_validate({**base, **changes})


def config_of(name: str = "forward", **changes: object) -> dict[str, str]:
    return connector_config(Direction("inventory", sync(**changes), name), DSN,
                            placeholder=PLACEHOLDER)


# -- the generated config (pure) -----------------------------------------------------------------
def test_forward_config_captures_tables_and_fence_with_heartbeats() -> None:
    config = config_of()
    assert config["connector.class"] == "io.debezium.connector.postgresql.PostgresConnector"
    assert config["table.include.list"] == (
        "public.items,public.prices,public.fence,public.strangler_signal")
    assert config["heartbeat.interval.ms"] == "1000"
    assert config["heartbeat.action.query"] == heartbeat_query("public.fence")
    assert config["provide.transaction.metadata"] == "true"
    assert config["topic.creation.default.partitions"] == "3"
    assert config["topic.prefix"] == "mono"
    assert config["slot.name"] == "inv_fwd" and config["publication.name"] == "inv_fwd_pub"
    assert config["publication.autocreate.mode"] == "filtered"
    assert config["poll.interval.ms"] == "20"
    assert (config["database.hostname"], config["database.port"], config["database.dbname"],
            config["database.user"], config["database.password"]) == (
        "127.0.0.1", "5432", "monolith", "cdc", "pa55word")


def test_reverse_config_captures_the_service_tables() -> None:
    config = config_of("reverse")
    assert config["table.include.list"] == (
        "public.stock_items,public.stock_prices,public.inv_fence,public.strangler_signal")
    assert config["slot.name"] == "inv_rev" and config["topic.prefix"] == "inv"
    assert config["heartbeat.action.query"] == heartbeat_query("public.inv_fence")


def test_overrides_come_last_and_extra_tables_are_captured() -> None:
    overrides = {"poll.interval.ms": "100", "heartbeat.interval.ms": "5000",
                 "snapshot.mode": "no_data"}
    direction = Direction("inventory", sync(connector_overrides=overrides), "forward")
    config = connector_config(direction, DSN, placeholder=PLACEHOLDER,
                              extra_tables=["public.origin"])
    assert {k: config[k] for k in overrides} == overrides
    assert config["table.include.list"] == (
        "public.items,public.prices,public.origin,public.fence,public.strangler_signal")


def test_truncates_are_emitted_and_the_placeholder_is_the_connectors_own() -> None:
    config = config_of()
    assert config["skipped.operations"] == "none"  # Debezium's default skips truncates
    assert config["unavailable.value.placeholder"] == PLACEHOLDER
    assert redact_config(config)["unavailable.value.placeholder"] == "***"


@pytest.mark.parametrize(("overrides", "words"), [
    ({"unavailable.value.placeholder": "x"}, "unavailable.value.placeholder: managed by"),
    ({"skipped.operations": "t"}, "skipped.operations: must not skip truncates"),
    ({"skipped.operations": "u, t"}, "skipped.operations: must not skip truncates"),
])
def test_overrides_may_not_replace_the_placeholder_or_skip_truncates(
        overrides: dict[str, str], words: str) -> None:
    path = "contexts.inventory.sync.connector_overrides"
    with pytest.raises(CdcConfigError, match=f"{path}.{words}"):
        config_of(connector_overrides=overrides)
    assert config_of(connector_overrides={"skipped.operations": "none"})


def test_fence_table_cannot_be_a_captured_table() -> None:
    direction = Direction("inventory", sync(fence_table="public.items"), "forward")
    with pytest.raises(CdcConfigError, match="contexts.inventory.sync.fence_table"):
        connector_config(direction, DSN, placeholder=PLACEHOLDER)


def test_the_signal_table_is_captured_and_watched() -> None:
    config = config_of(signal_table="ops.signals")
    assert config["signal.data.collection"] == "ops.signals"
    assert config["table.include.list"].split(",")[-1] == "ops.signals"
    assert config["incremental.snapshot.watermarking.strategy"] == "insert_delete"
    assert config_of("reverse")["signal.data.collection"] == "public.strangler_signal"
    for clash in ("public.items", "public.fence"):
        direction = Direction("inventory", sync(signal_table=clash), "forward")
        with pytest.raises(CdcConfigError, match="contexts.inventory.sync.signal_table"):
            connector_config(direction, DSN, placeholder=PLACEHOLDER)


def test_redaction_hides_passwords_only() -> None:
    config = config_of()
    config["some.secret.key"] = "k"
    redacted = redact_config(config)
    assert redacted["database.password"] == "***" and redacted["some.secret.key"] == "***"
    assert "pa55word" not in json.dumps(redacted)
    assert redacted["database.user"] == "cdc"
    assert config["database.password"] == "pa55word"   # the original is not modified


# -- the real stack ------------------------------------------------------------------------------
def ops(records: list[RawRecord]) -> list[str | None]:
    return [r.value["op"] if r.value else None for r in records]


def slot_and_publication(dsn: str, slot: str) -> tuple[int, int]:
    with psycopg.connect(dsn) as conn:
        slots = conn.execute("select count(*) from pg_replication_slots where slot_name = %s",
                             (slot,)).fetchone()
        pubs = conn.execute("select count(*) from pg_publication where pubname = %s",
                            (f"{slot}_pub",)).fetchone()
    assert slots is not None and pubs is not None
    return slots[0], pubs[0]


def test_apply_snapshots_streams_and_sends_fences_and_is_idempotent(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("cn_items")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key, sku text)",
            f"insert into {table} values (1, 'A'), (2, 'B')")
    direction = make_direction(table)
    connectors = Connectors(direction, endpoints)

    first = connectors.apply()
    assert first.created and first.fence_created and first.status.running
    assert first.preflight is not None and first.preflight.ok
    assert first.config["database.password"] == "***"
    assert stack.state.password not in json.dumps(first.as_dict())
    # Remembered by the local stack, so a worker restart re-applies it.
    assert (stack.connect.connectors_dir / f"{connectors.name}.json").is_file()

    topic = direction.topic(f"public.{table}")
    execute(stack.monolith_dsn, f"insert into {table} values (3, 'C')")
    records = read_topic(stack.bootstrap_servers, topic, count=3, timeout=30)
    assert ops(records) == ["r", "r", "c"]
    assert [r.key for r in records] == [{"id": 1}, {"id": 2}, {"id": 3}]

    # Heartbeat fences: the fence row is snapshotted, then updated every second.
    started = time.monotonic()
    fences = read_topic(stack.bootstrap_servers, direction.topic(direction.settings.fence_table),
                        count=3, timeout=15)
    assert ops(fences) == ["r", "u", "u"], "no fence updates within 15 s"
    assert time.monotonic() - started < 10
    lsns = [f.value["after"]["lsn"] for f in fences]
    assert lsns == sorted(lsns) and lsns[2] > lsns[0]
    # Transaction metadata: BEGIN/END records on <prefix>.transaction.
    markers = read_topic(stack.bootstrap_servers, f"{direction.topic_prefix}.transaction",
                         count=2, timeout=15)
    assert {m.value["status"] for m in markers} <= {"BEGIN", "END"} and markers

    # Applying the same config again: same connector, resumed, no second snapshot.
    second = connectors.apply()
    assert not second.created and not second.fence_created and second.status.running
    execute(stack.monolith_dsn, f"insert into {table} values (4, 'D')")
    records = read_topic(stack.bootstrap_servers, topic, count=4, timeout=30)
    assert ops(records) == ["r", "r", "c", "c"]
    assert records[3].key == {"id": 4}


def test_pause_resume_restart_status_offsets_and_delete_with_drop_slot(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("cn_life")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)",
            f"insert into {table} values (1)")
    direction = make_direction(table)
    connectors = Connectors(direction, endpoints)
    connectors.apply()

    paused = connectors.pause()
    assert paused.state == "PAUSED" and all(t.state == "PAUSED" for t in paused.tasks)
    report = connectors.status()
    assert report.connector is not None and report.connector.state == "PAUSED"
    assert not report.healthy
    assert connectors.resume().running
    assert connectors.restart().running

    # RUNNING tasks start streaming (and take the slot) a moment later.
    deadline = time.monotonic() + 15
    while not ((report := connectors.status()).slot and report.slot.active):
        assert time.monotonic() < deadline, report
        time.sleep(0.2)
    assert report.healthy and report.trace is None and report.database_error is None
    slot = report.slot
    assert slot is not None and slot.name == direction.settings.slot and slot.active
    assert slot.wal_status in ("reserved", "extended")
    assert slot.confirmed_flush_lsn and slot.retained_bytes is not None
    assert report.publication_exists is True
    assert json.loads(json.dumps(report.as_dict()))["slot"]["active"] is True

    deadline = time.monotonic() + 15
    while not (stored := connectors.offsets()) and time.monotonic() < deadline:
        time.sleep(0.5)   # offsets are flushed every second
    assert stored and stored[0]["partition"] == {"server": direction.topic_prefix}
    assert "lsn" in stored[0]["offset"]

    result = connectors.delete(drop_slot=True)
    assert (result.deleted, result.offsets_reset, result.slot_dropped,
            result.publication_dropped) == (True, True, True, True)
    assert slot_and_publication(stack.monolith_dsn, direction.settings.slot) == (0, 0)
    assert connectors.client.status(connectors.name) is None
    assert not (stack.connect.connectors_dir / f"{connectors.name}.json").exists()
    again = connectors.delete(drop_slot=True)
    assert (again.deleted, again.slot_dropped, again.publication_dropped) == (False, False, False)
    with pytest.raises(ConnectError, match="does not exist"):
        connectors.pause()


def test_delete_keeps_the_slot_and_a_new_apply_resumes_without_a_snapshot(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("cn_keep")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)",
            f"insert into {table} values (1)")
    direction = make_direction(table)
    connectors = Connectors(direction, endpoints)
    connectors.apply()
    topic = direction.topic(f"public.{table}")
    assert ops(read_topic(stack.bootstrap_servers, topic, count=1, timeout=30)) == ["r"]
    deadline = time.monotonic() + 15
    while not connectors.offsets() and time.monotonic() < deadline:
        time.sleep(0.5)

    result = connectors.delete()
    assert result.deleted and not result.slot_dropped and not result.offsets_reset
    assert slot_and_publication(stack.monolith_dsn, direction.settings.slot) == (1, 1)
    execute(stack.monolith_dsn, f"insert into {table} values (2)")   # while no connector runs
    assert connectors.apply().created   # a new connector, on the old slot and offsets
    records = read_topic(stack.bootstrap_servers, topic, count=2, timeout=30)
    assert ops(records) == ["r", "c"] and records[1].key == {"id": 2}


def test_preflight_errors_stop_apply_and_status_shows_a_failed_connectors_trace(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("cn_fail")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)")
    # No publication, and Debezium told not to create one: preflight says so, and a connector
    # created anyway fails when its task starts.
    direction = make_direction(table,
                               connector_overrides={"publication.autocreate.mode": "disabled"})
    connectors = Connectors(direction, endpoints, timeout=30)

    with pytest.raises(PreflightFailed) as refused:
        connectors.apply()
    assert "[publication]" in str(refused.value) and "CREATE PUBLICATION" in str(refused.value)
    assert connectors.client.status(connectors.name) is None          # nothing was created

    with pytest.raises(ConnectError) as failed:
        connectors.apply(check=False)
    assert "FAILED" in str(failed.value)
    assert "Publication autocreation is disabled" in str(failed.value)

    report = connectors.status()
    assert report.connector is not None and report.connector.failed and not report.healthy
    assert report.trace is not None and "Publication autocreation is disabled" in report.trace
    assert report.slot is None and report.publication_exists is False

    # Once the cause is fixed, applying again recovers the failed connector.
    execute(stack.monolith_dsn, f"create publication {direction.settings.slot}_pub for table "
            f"{table}, {direction.settings.fence_table}")
    recovered = connectors.apply()
    assert not recovered.created and recovered.status.running
    assert connectors.status().healthy


def recorded_placeholders(dsn: str, connector: str) -> list[tuple[str, int | None]]:
    with psycopg.connect(dsn) as conn:
        return [(p, u) for p, u in conn.execute(
            "select placeholder, until_lsn from strangler_cdc.unavailable_placeholders "
            "where connector = %s order by recorded_at", (connector,)).fetchall()]


def test_each_connector_has_its_own_placeholder_kept_across_applies_restarts_and_deletes(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("cn_toast")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key, body text)")
    connectors = Connectors(make_direction(table), endpoints)
    result = connectors.apply()
    live = connectors.client.config(connectors.name) or {}
    placeholder = live["unavailable.value.placeholder"]
    assert re.fullmatch(r"__strangler_unavailable_[0-9a-f]{32}", placeholder)
    assert live["skipped.operations"] == "none"
    # Recorded where the applier reads it, and never printed.
    assert recorded_placeholders(stack.monolith_dsn, connectors.name) == [(placeholder, None)]
    assert result.config["unavailable.value.placeholder"] == "***"
    assert placeholder not in json.dumps(result.as_dict())

    def current() -> str:
        return (connectors.client.config(connectors.name) or {})[
            "unavailable.value.placeholder"]

    connectors.apply()
    connectors.restart()
    assert current() == placeholder
    connectors.delete(drop_slot=True)
    connectors.apply()  # a new connector, a new snapshot: the same placeholder
    assert current() == placeholder
    assert recorded_placeholders(stack.monolith_dsn, connectors.name) == [(placeholder, None)]

    other = Connectors(make_direction(table), endpoints)
    other.apply()
    assert (other.client.config(other.name) or {})[
        "unavailable.value.placeholder"] not in (placeholder, "__debezium_unavailable_value")
