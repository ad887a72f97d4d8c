"""Preflight checks: every rule table-driven over plain facts, then against the real database."""

from __future__ import annotations

import dataclasses

import psycopg
import pytest

from cdc.config import Direction, SyncConfig, TableSync
from cdc.connectors import Connectors
from cdc.endpoints import Endpoints
from cdc.errors import PreflightFailed, SourceUnavailable
from cdc.preflight import (
    ColumnFacts,
    Finding,
    Plan,
    PublicationFacts,
    RoleFacts,
    SlotFacts,
    SourceFacts,
    TableFacts,
    check_fence,
    check_free_slots,
    check_publication,
    check_role,
    check_signal,
    check_slot,
    check_tables,
    check_toast,
    check_wal_level,
    evaluate,
    is_toastable,
)
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.cdc.conftest import MakeDirection
from tests.support import execute, unique

PLAN = Plan(tables=("public.items",), fence_table="public.fence", slot="s1",
            publication="s1_pub", config_path="contexts.inv.sync",
            tables_path="contexts.inv.sync.tables")
FENCE = TableFacts(name="public.fence", exists=True, has_primary_key=True, replica_identity="f",
                   columns=(ColumnFacts("id", "int4", "integer", "p"),
                            ColumnFacts("lsn", "int8", "bigint", "p"),
                            ColumnFacts("ts", "timestamptz", "timestamp with time zone", "p")))
ITEMS = TableFacts(name="public.items", exists=True, has_primary_key=True,
                   columns=(ColumnFacts("id", "int4", "integer", "p"),))
GOOD = SourceFacts(database="monolith", wal_level="logical", max_replication_slots=10,
                   used_replication_slots=2, role=RoleFacts("strangler", True, False),
                   tables={"public.items": ITEMS, "public.fence": FENCE})


def facts(**changes: object) -> SourceFacts:
    return dataclasses.replace(GOOD, **changes)  # type: ignore[arg-type]


def with_items(**changes: object) -> SourceFacts:
    return facts(tables={"public.items": dataclasses.replace(ITEMS, **changes),  # type: ignore[arg-type]
                         "public.fence": FENCE})


def col(name: str, type_name: str, storage: str = "x", typmod: int = -1,
        display: str | None = None) -> ColumnFacts:
    return ColumnFacts(name, type_name, display or type_name, storage, typmod)


def only(findings: list[Finding]) -> Finding:
    assert len(findings) == 1, findings
    return findings[0]


# -- pure checks ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("wal_level", "level"), [("logical", "ok"), ("replica", "error"),
                                                  ("minimal", "error")])
def test_wal_level(wal_level: str, level: str) -> None:
    finding = only(check_wal_level(facts(wal_level=wal_level), PLAN))
    assert finding.level == level
    if level == "error":
        assert f"'{wal_level}'" in finding.message
        assert "ALTER SYSTEM SET wal_level = logical" in finding.message


@pytest.mark.parametrize(("max_slots", "used", "slot", "level"), [
    (10, 2, None, "ok"),
    (10, 9, None, "ok"),
    (10, 10, None, "error"),
    (4, 6, None, "error"),                                     # max lowered below use
    (10, 10, SlotFacts("s1", "pgoutput", "monolith", False, "reserved"), "ok"),  # ours exists
])
def test_free_replication_slots(max_slots: int, used: int, slot: SlotFacts | None,
                                level: str) -> None:
    finding = only(check_free_slots(
        facts(max_replication_slots=max_slots, used_replication_slots=used, slot=slot), PLAN))
    assert finding.level == level
    if level == "error":
        assert "s1" in finding.message and "max_replication_slots" in finding.message
        assert "pg_drop_replication_slot" in finding.message


@pytest.mark.parametrize(("table", "level", "words"), [
    (ITEMS, "ok", ["primary key"]),
    (TableFacts("public.items", exists=False), "error",
     ["public.items does not exist", "contexts.inv.sync.tables"]),
    (TableFacts("public.items", True, has_primary_key=False, replica_identity="f"), "ok",
     ["REPLICA IDENTITY FULL"]),
    (TableFacts("public.items", True, has_primary_key=False, replica_identity="d"), "error",
     ["no primary key", "ALTER TABLE public.items REPLICA IDENTITY FULL"]),
    (TableFacts("public.items", True, has_primary_key=False, replica_identity="i"), "error",
     ["no primary key"]),
    (TableFacts("public.items", True, has_primary_key=True, replica_identity="n"), "error",
     ["REPLICA IDENTITY NOTHING", "ALTER TABLE public.items"]),
])
def test_captured_tables(table: TableFacts, level: str, words: list[str]) -> None:
    finding = only(check_tables(facts(tables={"public.items": table}), PLAN))
    assert finding.level == level
    for word in words:
        assert word in finding.message


def test_a_table_absent_from_the_facts_counts_as_missing() -> None:
    assert only(check_tables(facts(tables={}), PLAN)).level == "error"


@pytest.mark.parametrize(("column", "toastable"), [
    (col("body", "text"), True),
    (col("doc", "jsonb"), True),
    (col("blob", "bytea"), True),
    (col("tags", "_int4"), True),                                 # arrays are varlena
    (col("note", "varchar"), True),                               # varchar without a limit
    (col("note", "varchar", typmod=1004), True),                  # varchar(1000)
    (col("sku", "varchar", typmod=44), False),                    # varchar(40)
    (col("code", "bpchar", typmod=14), False),                    # char(10)
    (col("amount", "numeric", "m", typmod=(12 << 16 | 2) + 4), False),   # numeric(12,2)
    (col("amount", "numeric", "m"), True),                        # unconstrained numeric
    (col("addr", "inet", "m"), False),
    (col("id", "int8", "p"), False),
    (col("at", "timestamptz", "p"), False),
    (col("body", "text", "p"), False),                            # storage set to plain
])
def test_toastable_columns(column: ColumnFacts, toastable: bool) -> None:
    assert is_toastable(column) is toastable


@pytest.mark.parametrize(("identity", "columns", "warned"), [
    ("d", (col("id", "int4", "p"), col("body", "text"), col("doc", "jsonb")), ["body", "doc"]),
    ("f", (col("id", "int4", "p"), col("body", "text")), []),     # FULL: whole rows arrive
    ("d", (col("id", "int4", "p"), col("sku", "varchar", typmod=44)), []),
    ("i", (col("id", "int4", "p"), col("blob", "bytea")), ["blob"]),
])
def test_toast_warning(identity: str, columns: tuple[ColumnFacts, ...],
                       warned: list[str]) -> None:
    findings = check_toast(with_items(replica_identity=identity, columns=columns), PLAN)
    if not warned:
        assert findings == []
        return
    finding = only(findings)
    assert finding.level == "warning" and "public.items" in finding.message
    assert "unavailable-value placeholder" in finding.message
    assert "REPLICA IDENTITY FULL" in finding.message
    for name in warned:
        assert f"{name} (" in finding.message


def test_no_toast_warning_for_a_missing_table() -> None:
    assert check_toast(facts(tables={}), PLAN) == []


PUB_ALL = PublicationFacts("s1_pub", all_tables=False,
                           tables=frozenset({"public.items", "public.fence"}))


@pytest.mark.parametrize(("publication", "mode", "level", "words"), [
    (None, "filtered", "ok", ["does not exist yet", "Debezium creates it"]),
    (None, "all_tables", "ok", ["Debezium creates it"]),
    (None, "disabled", "error",
     ["CREATE PUBLICATION s1_pub FOR TABLE public.items, public.fence"]),
    (PUB_ALL, "filtered", "ok", ["every captured table"]),
    (PublicationFacts("s1_pub", all_tables=True, tables=frozenset()), "filtered", "ok",
     ["all tables"]),
    (PublicationFacts("s1_pub", False, frozenset({"public.fence"})), "filtered", "error",
     ["without public.items", "never snapshotted", "DROP PUBLICATION s1_pub"]),
    (PublicationFacts("s1_pub", False, frozenset({"public.items"})), "disabled", "error",
     ["without public.fence"]),
    (PublicationFacts("s1_pub", False, frozenset()), "filtered", "error",
     ["without public.items, public.fence"]),
    (dataclasses.replace(PUB_ALL, publishes_delete=False), "filtered", "error",
     ["does not publish updates, deletes and truncates", "ALTER PUBLICATION s1_pub SET"]),
    (dataclasses.replace(PUB_ALL, publishes_truncate=False), "filtered", "error",
     ["does not publish updates, deletes and truncates", "'insert, update, delete, truncate'"]),
])
def test_publication(publication: PublicationFacts | None, mode: str, level: str,
                     words: list[str]) -> None:
    plan = dataclasses.replace(PLAN, autocreate_mode=mode)
    finding = only(check_publication(facts(publication=publication), plan))
    assert finding.level == level
    for word in words:
        assert word in finding.message


def _slot(**changes: object) -> SlotFacts:
    base = SlotFacts("s1", "pgoutput", "monolith", active=False, wal_status="reserved",
                     retained_bytes=2048)
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("slot", "level", "words"), [
    (None, "ok", ["does not exist yet", "snapshot"]),
    (_slot(), "ok", ["exists", "reserved", "2.0 KiB", "resumes"]),
    (_slot(wal_status="extended"), "ok", ["extended"]),
    (_slot(wal_status="unreserved"), "warning", ["unreserved", "max_slot_wal_keep_size"]),
    (_slot(wal_status="lost"), "error",
     ["'lost'", "connectors delete --drop-slot", "new snapshot"]),
    (_slot(database="other"), "error", ["belongs to database other", "contexts.inv.sync.slot"]),
    (_slot(plugin="test_decoding"), "error", ["uses plugin test_decoding"]),
])
def test_existing_slot(slot: SlotFacts | None, level: str, words: list[str]) -> None:
    finding = only(check_slot(facts(slot=slot), PLAN))
    assert finding.level == level
    for word in words:
        assert word in finding.message


@pytest.mark.parametrize(("fence", "creates", "level", "words"), [
    (FENCE, True, "ok", ["present"]),
    (None, True, "ok", ["does not exist yet", "connectors apply` creates it"]),
    (None, False, "error", ["public.fence does not exist"]),
    (dataclasses.replace(FENCE, columns=FENCE.columns[:1]), True, "error",
     ["not a fence table", "id, lsn, ts", "contexts.inv.sync.fence_table"]),
    (dataclasses.replace(FENCE, has_primary_key=False), True, "error", ["not a fence table"]),
])
def test_fence_table(fence: TableFacts | None, creates: bool, level: str,
                     words: list[str]) -> None:
    tables = {"public.items": ITEMS, **({"public.fence": fence} if fence else {})}
    plan = dataclasses.replace(PLAN, creates_fence=creates)
    finding = only(check_fence(facts(tables=tables), plan))
    assert finding.level == level
    for word in words:
        assert word in finding.message


SIGNAL = TableFacts(name="public.signal", exists=True, has_primary_key=True, replica_identity="d",
                    columns=(ColumnFacts("id", "varchar", "character varying(64)", "x"),
                             ColumnFacts("type", "varchar", "character varying(32)", "x"),
                             ColumnFacts("data", "text", "text", "x")))


@pytest.mark.parametrize(("signal", "level", "words"), [
    (SIGNAL, "ok", ["signal table public.signal is present"]),
    (None, "ok", ["does not exist yet", "connectors apply` creates it"]),
    (dataclasses.replace(SIGNAL, columns=SIGNAL.columns[::-1]), "error",
     ["not a signal table", "id, type, data in that order", "contexts.inv.sync.signal_table"]),
    (dataclasses.replace(SIGNAL, has_primary_key=False), "error", ["not a signal table"]),
])
def test_signal_table(signal: TableFacts | None, level: str, words: list[str]) -> None:
    tables = {"public.items": ITEMS, **({"public.signal": signal} if signal else {})}
    plan = dataclasses.replace(PLAN, signal_table="public.signal")
    finding = only(check_signal(facts(tables=tables), plan))
    assert finding.level == level
    for word in words:
        assert word in finding.message
    assert check_signal(facts(tables=tables), PLAN) == []  # a plan without one: not checked


@pytest.mark.parametrize(("superuser", "replication", "level"), [
    (True, False, "ok"), (False, True, "ok"), (True, True, "ok"), (False, False, "error")])
def test_role(superuser: bool, replication: bool, level: str) -> None:
    finding = only(check_role(facts(role=RoleFacts("cdc", superuser, replication)), PLAN))
    assert finding.level == level
    if level == "error":
        assert "ALTER ROLE cdc WITH REPLICATION" in finding.message


def test_evaluate_runs_every_check_and_lists_every_error() -> None:
    report = evaluate(GOOD, PLAN, connector="inv-forward")
    assert report.ok and not report.errors and not report.warnings
    assert {f.check for f in report.findings} == {
        "wal_level", "role", "replication_slots", "slot", "tables", "publication", "fence"}
    report.raise_for_errors()  # no errors: no exception

    bad = facts(wal_level="replica", role=RoleFacts("cdc", False, False),
                tables={"public.fence": FENCE}, slot=_slot(wal_status="lost"))
    report = evaluate(bad, PLAN, connector="inv-forward")
    assert [f.check for f in report.errors] == ["wal_level", "role", "slot", "tables"]
    with pytest.raises(PreflightFailed) as caught:
        report.raise_for_errors()
    lines = str(caught.value).splitlines()
    assert lines[0] == ("preflight of connector 'inv-forward' (database monolith) failed "
                        "4 check(s):")
    assert [line.split("]")[0] for line in lines[1:]] == [
        "  - [wal_level", "  - [role", "  - [slot", "  - [tables"]
    assert caught.value.findings == report.findings
    assert caught.value.exit_code == 1


def test_warnings_do_not_fail() -> None:
    report = evaluate(with_items(columns=(col("body", "text"),)), PLAN)
    assert report.ok and [f.check for f in report.warnings] == ["toast"]
    assert report.as_dict()["ok"] is True


# -- against the real source database ------------------------------------------------------------
def by_check(findings: tuple[Finding, ...], check: str, name: str) -> Finding:
    matches = [f for f in findings if f.check == check and name in f.message]
    assert len(matches) == 1, (check, name, findings)
    return matches[0]


def test_preflight_against_the_real_database(stack: LocalStack, endpoints: Endpoints,
                                             make_direction: MakeDirection) -> None:
    keyed, nokey, full, toast = (unique(p) for p in ("pf_keyed", "pf_nokey", "pf_full",
                                                     "pf_toast"))
    missing = unique("pf_missing")
    execute(stack.monolith_dsn,
            f"create table {keyed} (id int primary key, sku varchar(40), qty int)",
            f"create table {nokey} (sku varchar(40), qty int)",
            f"create table {full} (sku text, qty int)",
            f"alter table {full} replica identity full",
            f"create table {toast} (id int primary key, body text, doc jsonb, n numeric(9,2))")
    direction = make_direction(keyed, nokey, full, toast, missing)
    report = Connectors(direction, endpoints).preflight()

    assert by_check(report.findings, "wal_level", "logical").level == "ok"
    assert by_check(report.findings, "role", "strangler").level == "ok"
    assert by_check(report.findings, "tables", keyed).level == "ok"
    assert by_check(report.findings, "tables", full).level == "ok"
    assert by_check(report.findings, "tables", toast).level == "ok"
    no_key = by_check(report.findings, "tables", nokey)
    assert no_key.level == "error" and "no primary key" in no_key.message
    gone = by_check(report.findings, "tables", missing)
    assert gone.level == "error" and "does not exist" in gone.message
    warning = by_check(report.findings, "toast", toast)
    assert warning.level == "warning"
    assert "body (text), doc (jsonb)" in warning.message and "n (" not in warning.message
    assert not [f for f in report.findings if f.check == "toast" and full in f.message]
    assert by_check(report.findings, "fence", "fence").level == "ok"   # apply creates it
    assert by_check(report.findings, "publication", "does not exist yet").level == "ok"
    assert [f.check for f in report.errors] == ["tables", "tables"]


def test_existing_publication_without_a_captured_table_is_an_error(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    published, unpublished = unique("pf_pub"), unique("pf_unpub")
    execute(stack.monolith_dsn, f"create table {published} (id int primary key)",
            f"create table {unpublished} (id int primary key)")
    direction = make_direction(published, unpublished)
    publication = f"{direction.settings.slot}_pub"
    execute(stack.monolith_dsn, f"create publication {publication} for table {published}")

    report = Connectors(direction, endpoints).preflight()
    error = only(report.errors)
    assert error.check == "publication"
    assert (f"publication {publication} exists without public.{unpublished}, "
            f"{direction.settings.fence_table}") in error.message


def test_existing_publication_without_truncates_is_an_error(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("pf_notrunc")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)")
    direction = make_direction(table)
    publication = f"{direction.settings.slot}_pub"
    # Not FOR ALL TABLES: that would make UPDATEs fail on other tests' tables without a key.
    execute(stack.monolith_dsn, f"create publication {publication} for table {table} "
            "with (publish = 'insert, update, delete')")

    report = Connectors(direction, endpoints).preflight()
    assert by_check(report.errors, "publication", "does not publish").message.startswith(
        f"publication {publication} does not publish updates, deletes and truncates")


def test_existing_slot_is_reported_and_a_foreign_plugin_is_an_error(
        stack: LocalStack, endpoints: Endpoints, make_direction: MakeDirection) -> None:
    table = unique("pf_slot")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)")
    direction = make_direction(table)
    slot = direction.settings.slot
    execute(stack.monolith_dsn, "select pg_create_logical_replication_slot(%s, 'pgoutput')",
            params=(slot,))
    report = Connectors(direction, endpoints).preflight()
    assert report.ok
    assert "exists" in by_check(report.findings, "slot", slot).message
    assert "exists already" in by_check(report.findings, "replication_slots", slot).message

    execute(stack.monolith_dsn, "select pg_drop_replication_slot(%s)", params=(slot,))
    execute(stack.monolith_dsn,
            "select pg_create_logical_replication_slot(%s, 'test_decoding')", params=(slot,))
    error = only(Connectors(direction, endpoints).preflight().errors)
    assert error.check == "slot" and "uses plugin test_decoding" in error.message


def test_unreachable_source_is_a_retriable_error_without_the_password(
        stack: LocalStack, monkeypatch: pytest.MonkeyPatch) -> None:
    sync = SyncConfig(source="monolith", target="inventory", topic_prefix="down", slot="down",
                      tables=(TableSync(source="items", target="items"),))
    direction = Direction("inventory", sync, "forward")
    monkeypatch.setenv("STRANGLER_MONOLITH_DSN",
                       f"postgresql://strangler:s3cret-pw@127.0.0.1:{free_port()}/monolith")
    monkeypatch.setenv("STRANGLER_CONNECT_URL", stack.connect_url)
    with pytest.raises(SourceUnavailable) as caught:
        Connectors(direction, Endpoints()).preflight()
    assert caught.value.retriable
    assert "s3cret-pw" not in str(caught.value) and "strangler:***@" in str(caught.value)


def test_catalog_reads_change_nothing(stack: LocalStack, endpoints: Endpoints,
                                      make_direction: MakeDirection) -> None:
    table = unique("pf_ro")
    execute(stack.monolith_dsn, f"create table {table} (id int primary key)")
    direction = make_direction(table)
    Connectors(direction, endpoints).preflight()
    with psycopg.connect(stack.monolith_dsn) as conn:
        assert conn.execute("select to_regclass(%s)",
                            (direction.settings.fence_table,)).fetchone() == (None,)
        assert conn.execute("select count(*) from pg_replication_slots where slot_name = %s",
                            (direction.settings.slot,)).fetchone() == (0,)
