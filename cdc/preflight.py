"""Preflight checks: is the source database ready for a Debezium connector?

Gathering and deciding are separate. `gather_facts` is the only function here that does I/O:
one connection to the source database, catalog reads only, nothing is changed. Every check is
a pure function from those facts (and the `Plan`: what the connector will capture) to
`Finding`s, so each rule is unit-tested with plain values.

Guarantees: every finding names the object it is about and, when it is not `ok`, the fix;
`evaluate` runs every check (one failure never hides another); `PreflightReport.raise_for_errors`
raises `PreflightFailed` listing every error, which stops `connectors apply` before anything is
created.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from cdc.catalog import reading
from cdc.errors import PreflightFailed

__all__ = [
    "CHECKS",
    "ColumnFacts",
    "Finding",
    "Level",
    "Plan",
    "PreflightReport",
    "PublicationFacts",
    "RoleFacts",
    "SlotFacts",
    "SourceFacts",
    "TableFacts",
    "evaluate",
    "gather_facts",
    "human_bytes",
    "is_toastable",
]

Level = Literal["error", "warning", "ok"]

# varchar(n)/char(n) up to this many characters are never worth a TOAST warning: even at four
# bytes a character they stay far below the ~2 kB row size at which PostgreSQL moves values out
# of line (only out-of-line values are sent as "unchanged" by pgoutput).
SMALL_TEXT_LIMIT = 255
# Variable-length types whose values stay small in practice (addresses).
_SMALL_VARLENA = frozenset({"inet", "cidr"})
_FENCE_COLUMNS = ("id", "lsn", "ts")
_SIGNAL_COLUMNS = ("id", "type", "data")


@dataclass(frozen=True)
class Finding:
    """One verdict: `check` is the rule's name, `message` names the object and the fix;
    `path` and `line` say where in routes.yaml, for findings about the config."""

    level: Level
    check: str
    message: str
    path: str | None = None
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {"level": self.level, "check": self.check,
                                    "message": self.message}
        if self.path is not None:
            found.update(path=self.path, line=self.line)
        return found


# -- facts ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ColumnFacts:
    name: str
    type_name: str          # pg_type.typname of the column's type: text, varchar, int4, ...
    display_type: str       # format_type(): character varying(40), text, ...
    storage: str            # pg_attribute.attstorage: p(lain), m(ain), e(xternal), x(extended)
    typmod: int = -1        # pg_attribute.atttypmod (-1: no length/precision given)


@dataclass(frozen=True)
class TableFacts:
    name: str                                   # schema.table
    exists: bool
    has_primary_key: bool = False
    replica_identity: str = "d"                 # d(efault), f(ull), i(ndex), n(othing)
    columns: tuple[ColumnFacts, ...] = ()


@dataclass(frozen=True)
class SlotFacts:
    name: str
    plugin: str | None
    database: str | None
    active: bool
    wal_status: str | None                      # reserved, extended, unreserved, lost
    retained_bytes: int | None = None


@dataclass(frozen=True)
class PublicationFacts:
    name: str
    all_tables: bool
    tables: frozenset[str]                      # schema.table
    publishes_update: bool = True
    publishes_delete: bool = True
    publishes_truncate: bool = True


@dataclass(frozen=True)
class RoleFacts:
    name: str
    superuser: bool
    replication: bool


@dataclass(frozen=True)
class SourceFacts:
    """Everything the checks need, read from the source database in one go."""

    database: str
    wal_level: str
    max_replication_slots: int
    used_replication_slots: int
    role: RoleFacts
    tables: Mapping[str, TableFacts]            # captured tables, the fence and signal tables
    slot: SlotFacts | None = None
    publication: PublicationFacts | None = None


@dataclass(frozen=True)
class Plan:
    """What the connector will do: the names and tables the checks compare the facts with."""

    tables: tuple[str, ...]                     # captured tables, schema.table
    fence_table: str
    slot: str
    publication: str
    autocreate_mode: str = "filtered"           # Debezium publication.autocreate.mode
    plugin: str = "pgoutput"
    creates_fence: bool = True                  # `connectors apply` creates a missing fence table
    signal_table: str | None = None             # Debezium's signal table (`cdc.signals`)
    config_path: str = "contexts.<context>.sync"  # where this direction's settings live
    tables_path: str = "contexts.<context>.sync.tables"

    @classmethod
    def from_config(cls, config: Mapping[str, str], *, tables: Iterable[str], fence_table: str,
                    config_path: str = "contexts.<context>.sync",
                    tables_path: str = "contexts.<context>.sync.tables",
                    creates_fence: bool = True, signal_table: str | None = None) -> Plan:
        """The plan of a complete connector config (overrides included).

        Debezium's own defaults apply to keys the config leaves out.
        """
        return cls(tables=tuple(tables), fence_table=fence_table, slot=config["slot.name"],
                   publication=config.get("publication.name", "dbz_publication"),
                   autocreate_mode=config.get("publication.autocreate.mode", "all_tables"),
                   plugin=config.get("plugin.name", "decoderbufs"),
                   creates_fence=creates_fence, config_path=config_path,
                   tables_path=tables_path, signal_table=signal_table)


# -- checks (pure) -------------------------------------------------------------------------------
def check_wal_level(facts: SourceFacts, plan: Plan) -> list[Finding]:
    if facts.wal_level == "logical":
        return [Finding("ok", "wal_level", "wal_level is logical")]
    return [Finding("error", "wal_level",
                    f"wal_level is {facts.wal_level!r} on database {facts.database}; logical "
                    "decoding needs 'logical': run ALTER SYSTEM SET wal_level = logical and "
                    "restart PostgreSQL")]


def check_free_slots(facts: SourceFacts, plan: Plan) -> list[Finding]:
    if facts.slot is not None:
        return [Finding("ok", "replication_slots",
                        f"replication slot {plan.slot} exists already (no new slot needed)")]
    free = facts.max_replication_slots - facts.used_replication_slots
    if free > 0:
        return [Finding("ok", "replication_slots",
                        f"{free} of max_replication_slots={facts.max_replication_slots} free "
                        f"for slot {plan.slot}")]
    return [Finding("error", "replication_slots",
                    f"no free replication slot for {plan.slot}: "
                    f"{facts.used_replication_slots} of max_replication_slots="
                    f"{facts.max_replication_slots} are in use; drop unused ones "
                    "(SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    "WHERE NOT active) or raise max_replication_slots and restart PostgreSQL")]


def check_tables(facts: SourceFacts, plan: Plan) -> list[Finding]:
    """Each captured table exists and has a key Debezium can put in update/delete events."""
    findings = []
    for name in plan.tables:
        table = facts.tables.get(name) or TableFacts(name=name, exists=False)
        if not table.exists:
            findings.append(Finding(
                "error", "tables",
                f"table {name} does not exist in database {facts.database}: create it, or "
                f"remove it from {plan.tables_path}"))
        elif table.replica_identity == "n":
            findings.append(Finding(
                "error", "tables",
                f"table {name} has REPLICA IDENTITY NOTHING: its updates and deletes carry no "
                f"key; run ALTER TABLE {name} REPLICA IDENTITY DEFAULT (with a primary key) "
                "or FULL"))
        elif table.has_primary_key:
            findings.append(Finding("ok", "tables", f"table {name} has a primary key"))
        elif table.replica_identity == "f":
            findings.append(Finding("ok", "tables",
                                    f"table {name} has no primary key but REPLICA IDENTITY FULL"))
        else:
            findings.append(Finding(
                "error", "tables",
                f"table {name} has no primary key and no REPLICA IDENTITY FULL: its updates "
                "and deletes would arrive without the old row's key; add a primary key, or "
                f"run ALTER TABLE {name} REPLICA IDENTITY FULL"))
    return findings


def is_toastable(column: ColumnFacts) -> bool:
    """Can a value of this column be stored out of line (and so arrive as "unavailable")?"""
    if column.storage == "p":
        return False                               # fixed-size or plain storage: never TOASTed
    if column.type_name in _SMALL_VARLENA:
        return False
    if column.type_name in ("varchar", "bpchar") and column.typmod > 0:
        return column.typmod - 4 > SMALL_TEXT_LIMIT  # typmod is the length limit plus 4
    # numeric(p, s) with a precision is a few bytes; unconstrained numeric can be huge.
    return not (column.type_name == "numeric" and column.typmod > 0)


def check_toast(facts: SourceFacts, plan: Plan) -> list[Finding]:
    findings = []
    for name in plan.tables:
        table = facts.tables.get(name)
        if table is None or not table.exists or table.replica_identity == "f":
            continue
        toastable = [c for c in table.columns if is_toastable(c)]
        if not toastable:
            continue
        listed = ", ".join(f"{c.name} ({c.display_type})" for c in toastable)
        findings.append(Finding(
            "warning", "toast",
            f"table {name}: column(s) {listed} can be TOASTed and the table's REPLICA IDENTITY "
            "is not FULL: an UPDATE that leaves such a value unchanged sends the connector's "
            "unavailable-value placeholder instead, and the applier keeps the target's current "
            "value; "
            "that is right as long as the target was built from this stream. To get full "
            f"values in every event, run ALTER TABLE {name} REPLICA IDENTITY FULL"))
    return findings


def check_publication(facts: SourceFacts, plan: Plan) -> list[Finding]:
    publication = facts.publication
    wanted = [*plan.tables, plan.fence_table]
    if publication is None:
        if plan.autocreate_mode == "disabled":
            return [Finding(
                "error", "publication",
                f"publication {plan.publication} does not exist and Debezium's "
                "publication.autocreate.mode is disabled: run CREATE PUBLICATION "
                f"{plan.publication} FOR TABLE {', '.join(wanted)}")]
        return [Finding("ok", "publication",
                        f"publication {plan.publication} does not exist yet; Debezium creates "
                        f"it ({plan.autocreate_mode} mode)")]
    findings = []
    if not (publication.publishes_update and publication.publishes_delete
            and publication.publishes_truncate):
        # Without truncates a source TRUNCATE would leave every row in the target, silently.
        findings.append(Finding(
            "error", "publication",
            f"publication {plan.publication} does not publish updates, deletes and truncates: "
            f"run ALTER PUBLICATION {plan.publication} SET (publish = 'insert, update, delete, "
            "truncate')"))
    missing = [] if publication.all_tables else [t for t in wanted if t not in publication.tables]
    if missing:
        # A table added to a running connector's publication is streamed from then on, but its
        # existing rows are never snapshotted: the target would silently miss them.
        findings.append(Finding(
            "error", "publication",
            f"publication {plan.publication} exists without {', '.join(missing)}: rows of a "
            "table added to an existing publication are streamed from then on but never "
            "snapshotted. If no connector has used it yet, run DROP PUBLICATION "
            f"{plan.publication} (Debezium recreates it); otherwise `strangler cdc connectors "
            "delete --drop-slot` and apply again for a fresh snapshot, or ALTER PUBLICATION "
            f"{plan.publication} ADD TABLE ... and run an incremental snapshot"))
    if not findings:
        scope = "all tables" if publication.all_tables else "every captured table and the fence"
        findings.append(Finding("ok", "publication",
                                f"publication {plan.publication} publishes {scope}"))
    return findings


def check_slot(facts: SourceFacts, plan: Plan) -> list[Finding]:
    slot = facts.slot
    if slot is None:
        return [Finding("ok", "slot", f"replication slot {plan.slot} does not exist yet; "
                                      "Debezium creates it and takes an initial snapshot")]
    recreate = ("`strangler cdc connectors delete --drop-slot` and apply again (a new "
                "snapshot)")
    if slot.database is not None and slot.database != facts.database:
        return [Finding("error", "slot",
                        f"replication slot {plan.slot} belongs to database {slot.database}, not "
                        f"{facts.database}: choose another slot name in {plan.config_path}.slot")]
    if slot.plugin is not None and slot.plugin != plan.plugin:
        return [Finding("error", "slot",
                        f"replication slot {plan.slot} uses plugin {slot.plugin}, the connector "
                        f"uses {plan.plugin}: choose another slot name or {recreate}")]
    if slot.wal_status == "lost":
        return [Finding("error", "slot",
                        f"replication slot {plan.slot} has wal_status 'lost': WAL it still "
                        "needed was removed (max_slot_wal_keep_size), so changes are missing; "
                        f"the connector must start over: {recreate}")]
    retained = (f", retaining {human_bytes(slot.retained_bytes)} of WAL"
                if slot.retained_bytes is not None else "")
    if slot.wal_status == "unreserved":
        return [Finding("warning", "slot",
                        f"replication slot {plan.slot} has wal_status 'unreserved'{retained}: "
                        "it will be lost at the next checkpoint unless the connector catches "
                        "up; start it now or raise max_slot_wal_keep_size")]
    return [Finding("ok", "slot", f"replication slot {plan.slot} exists "
                                  f"({slot.wal_status or 'status unknown'}{retained}); the "
                                  "connector resumes from it")]


def check_fence(facts: SourceFacts, plan: Plan) -> list[Finding]:
    table = facts.tables.get(plan.fence_table)
    if table is None or not table.exists:
        if plan.creates_fence:
            return [Finding("ok", "fence",
                            f"fence table {plan.fence_table} does not exist yet; "
                            "`strangler cdc connectors apply` creates it")]
        return [Finding("error", "fence",
                        f"fence table {plan.fence_table} does not exist: run `strangler cdc "
                        "connectors apply`, which creates it")]
    names = {c.name for c in table.columns}
    missing = [c for c in _FENCE_COLUMNS if c not in names]
    if missing or not table.has_primary_key:
        return [Finding("error", "fence",
                        f"table {plan.fence_table} is not a fence table (needs columns "
                        f"{', '.join(_FENCE_COLUMNS)} and a primary key on id); rename it or "
                        f"choose another {plan.config_path}.fence_table")]
    return [Finding("ok", "fence", f"fence table {plan.fence_table} is present")]


def check_signal(facts: SourceFacts, plan: Plan) -> list[Finding]:
    """Debezium reads a signal row by position: id, type, data."""
    if plan.signal_table is None:
        return []
    table = facts.tables.get(plan.signal_table)
    if table is None or not table.exists:
        return [Finding("ok", "signal",
                        f"signal table {plan.signal_table} does not exist yet; "
                        "`strangler cdc connectors apply` creates it")]
    if [c.name for c in table.columns][:3] != list(_SIGNAL_COLUMNS) or not table.has_primary_key:
        return [Finding("error", "signal",
                        f"table {plan.signal_table} is not a signal table (needs columns "
                        f"{', '.join(_SIGNAL_COLUMNS)} in that order and a primary key on id); "
                        f"rename it or choose another {plan.config_path}.signal_table")]
    return [Finding("ok", "signal", f"signal table {plan.signal_table} is present")]


def check_role(facts: SourceFacts, plan: Plan) -> list[Finding]:
    role = facts.role
    if role.superuser or role.replication:
        kind = "superuser" if role.superuser else "REPLICATION"
        return [Finding("ok", "role", f"role {role.name} has {kind}")]
    return [Finding("error", "role",
                    f"role {role.name} has neither REPLICATION nor superuser, so it cannot "
                    f"stream changes: run ALTER ROLE {role.name} WITH REPLICATION (as a "
                    "superuser)")]


Check = Callable[[SourceFacts, Plan], list[Finding]]

# The order findings are listed in. A fence table missing from an existing publication is
# reported by the publication check; the fence check only looks at the table itself.
CHECKS: tuple[Check, ...] = (check_wal_level, check_role, check_free_slots, check_slot,
                             check_tables, check_toast, check_publication, check_fence,
                             check_signal)


@dataclass(frozen=True)
class PreflightReport:
    """Every finding of one preflight run, for one connector."""

    connector: str
    database: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {"connector": self.connector, "database": self.database, "ok": self.ok,
                "findings": [f.as_dict() for f in self.findings]}

    def including(self, findings: Iterable[Finding]) -> PreflightReport:
        """This report with more findings (e.g. the mapping checks) appended."""
        return replace(self, findings=(*self.findings, *findings))

    def raise_for_errors(self) -> None:
        if self.ok:
            return
        lines = [f"preflight of connector {self.connector!r} (database {self.database}) failed "
                 f"{len(self.errors)} check(s):"]
        lines += [f"  - [{f.check}] {f.message}" for f in self.errors]
        raise PreflightFailed("\n".join(lines), findings=self.findings)


def evaluate(facts: SourceFacts, plan: Plan, *, connector: str = "") -> PreflightReport:
    """Run every check; never stops at the first failure."""
    findings = tuple(f for check in CHECKS for f in check(facts, plan))
    return PreflightReport(connector=connector, database=facts.database, findings=findings)


def human_bytes(n: int) -> str:
    """1536 -> '1.5 KiB'."""
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


# -- gathering (the only I/O) --------------------------------------------------------------------
_SETTINGS = """
select current_database(), current_setting('wal_level'),
       current_setting('max_replication_slots')::int,
       (select count(*) from pg_replication_slots)::int,
       r.rolname, r.rolsuper, r.rolreplication
from pg_roles r where r.rolname = current_user
"""
_SLOT = """
select slot_name, plugin, database, active, wal_status,
       pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint
from pg_replication_slots where slot_name = %s
"""
_TABLES = """
select n.nspname || '.' || c.relname, c.relreplident,
       exists (select 1 from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname || '.' || c.relname = any(%s::text[])
"""
_COLUMNS = """
select n.nspname || '.' || c.relname, a.attname, t.typname,
       format_type(a.atttypid, a.atttypmod), a.attstorage::text, a.atttypmod
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
where c.relkind in ('r', 'p') and n.nspname || '.' || c.relname = any(%s::text[])
  and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum
"""
_PUBLICATION = """
select puballtables, pubupdate, pubdelete, pubtruncate from pg_publication where pubname = %s
"""
_PUBLISHED = """
select schemaname || '.' || tablename from pg_publication_tables where pubname = %s
"""


def gather_facts(dsn: str, plan: Plan) -> SourceFacts:
    """Read the facts the checks need from the source database (read-only)."""
    names = [*plan.tables, plan.fence_table, *([plan.signal_table] if plan.signal_table else [])]
    with reading(dsn, "source database") as conn:
        row = conn.execute(_SETTINGS).fetchone()
        assert row is not None  # current_user is always in pg_roles
        database, wal_level, max_slots, used_slots, role, superuser, replication = row
        slot_row = conn.execute(_SLOT, (plan.slot,)).fetchone()
        columns: dict[str, list[ColumnFacts]] = {}
        for table, *col in conn.execute(_COLUMNS, (names,)):
            columns.setdefault(table, []).append(ColumnFacts(*col))
        tables = {
            name: TableFacts(name=name, exists=True, has_primary_key=has_pk,
                             replica_identity=identity,
                             columns=tuple(columns.get(name, ())))
            for name, identity, has_pk in conn.execute(_TABLES, (names,))
        }
        pub_row = conn.execute(_PUBLICATION, (plan.publication,)).fetchone()
        published = frozenset(r[0] for r in conn.execute(_PUBLISHED, (plan.publication,)))
    for name in names:
        tables.setdefault(name, TableFacts(name=name, exists=False))
    slot = None
    if slot_row is not None:
        slot = SlotFacts(name=slot_row[0], plugin=slot_row[1], database=slot_row[2],
                         active=slot_row[3], wal_status=slot_row[4], retained_bytes=slot_row[5])
    publication = None
    if pub_row is not None:
        publication = PublicationFacts(name=plan.publication, all_tables=pub_row[0],
                                       tables=published, publishes_update=pub_row[1],
                                       publishes_delete=pub_row[2],
                                       publishes_truncate=pub_row[3])
    return SourceFacts(database=database, wal_level=wal_level, max_replication_slots=max_slots,
                       used_replication_slots=used_slots,
                       role=RoleFacts(name=role, superuser=superuser, replication=replication),
                       tables=tables, slot=slot, publication=publication)
