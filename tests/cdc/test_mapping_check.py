"""The mapping preflight: pure checks over catalog facts (with routes.yaml lines), then
`strangler cdc preflight` comparing a mapping with the live source and target schemas."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cdc.catalog import ColumnSchema, TableSchema
from cdc.cli import cdc
from cdc.config import load_direction
from cdc.errors import CdcConfigError
from cdc.mapping_check import check_mapping
from cdc.preflight import Finding
from gateway.cli import gateway
from strangler.seed import create_schema
from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from tests.cdc.test_typefit import pg
from tests.support import dropping_what_it_creates, execute, unique

ROUTES = """\
contexts:
  inventory:
    sync:
      source: monolith
      target: inventory
      topic_prefix: monolith
      slot: s_fwd
      tables:
        - source: public.items
          target: public.stock
          columns:
            id: item_id
            qty: on_hand
            price: unit_price
          ignore: [legacy_flag, gone]
          target_ignore: [note]
      reverse:
        topic_prefix: inventory
        slot: s_rev
"""
REPO = Path(__file__).resolve().parents[2]
LINE = {"source": 9, "target": 10, "id": 12, "qty": 13, "price": 14, "ignore": 15}


def col(name: str, spelled: str, *, null: bool = True, default: bool = False) -> ColumnSchema:
    return ColumnSchema(name, pg(spelled), not_null=not null, has_default=default)


ITEMS = TableSchema("public.items", (
    col("id", "bigint", null=False), col("sku", "text", null=False),
    col("qty", "integer", null=False), col("price", "numeric(10,2)", null=False),
    col("legacy_flag", "boolean"), col("updated_at", "timestamptz", null=False, default=True),
), primary_key=("id",))
STOCK = TableSchema("public.stock", (
    col("item_id", "bigint", null=False), col("sku", "text", null=False),
    col("on_hand", "integer", null=False), col("unit_price", "numeric(10,2)", null=False),
    col("note", "text"), col("updated_at", "timestamptz", null=False),
), primary_key=("item_id",))


@pytest.fixture
def routes(tmp_path: Path) -> Path:
    path = tmp_path / "routes.yaml"
    path.write_text(ROUTES)
    return path


def problems(routes: Path, items: TableSchema = ITEMS, stock: TableSchema = STOCK, *,
             direction: str = "forward") -> list[Finding]:
    d = load_direction(routes, "inventory", direction)
    source, target = (items, stock) if direction == "forward" else (stock, items)
    found = check_mapping(d, {source.name: source}, {target.name: target},
                          source_db="monolith", target_db="inventory")
    return [f for f in found if f.level != "ok"]


def replace_column(table: TableSchema, name: str, column: ColumnSchema | None) -> TableSchema:
    columns = [column if c.name == name else c for c in table.columns]
    if all(c.name != name for c in table.columns):
        columns.append(column)
    return TableSchema(table.name, tuple(c for c in columns if c is not None),
                       table.primary_key)


def test_a_fitting_mapping_has_no_problems_except_a_stale_ignore(routes: Path) -> None:
    assert problems(routes) == [Finding(
        "warning", "mapping", f"source table public.items has no column gone (listed under "
        f"ignore) ({routes} line {LINE['ignore']}: contexts.inventory.sync.tables[0].ignore[1])",
        path="contexts.inventory.sync.tables[0].ignore[1]", line=LINE["ignore"])]
    assert problems(routes, direction="reverse") == []


def test_errors_name_the_table_the_column_and_the_line(routes: Path) -> None:
    items = replace_column(ITEMS, "colour", col("colour", "text"))       # unmapped
    stock = replace_column(STOCK, "on_hand", col("on_hnd", "integer", null=False))
    stock = replace_column(stock, "unit_price", col("unit_price", "numeric(5,1)", null=False))
    found = {(f.check, f.line): f.message for f in problems(routes, items, stock)}
    where = f"{routes} line"
    assert found == {
        ("mapping", LINE["qty"]):
            "target table public.stock has no column on_hand (mapped from public.items.qty) "
            f"({where} {LINE['qty']}: contexts.inventory.sync.tables[0].columns.qty)",
        ("types", LINE["price"]):
            "public.items.price -> public.stock.unit_price: numeric(10,2) into numeric(5,1): "
            "values of more than 4 integer digits are rejected; digits beyond 1 decimal place "
            f"are rounded away ({where} {LINE['price']}: "
            "contexts.inventory.sync.tables[0].columns.price)",
        ("mapping", LINE["source"]):
            "source column public.items.colour is neither mapped nor ignored, and "
            "public.stock.colour does not exist: map it under columns or list it under ignore "
            f"({where} {LINE['source']}: contexts.inventory.sync.tables[0].source)",
        ("mapping", LINE["target"]):
            "target column public.stock.on_hnd is NOT NULL without a default and no source "
            "column of public.items feeds it: inserts would be rejected "
            f"({where} {LINE['target']}: contexts.inventory.sync.tables[0].target)",
        ("mapping", LINE["ignore"]): found[("mapping", LINE["ignore"])],  # the stale ignore
    }


def test_a_mapped_source_column_that_does_not_exist(routes: Path) -> None:
    items = replace_column(ITEMS, "qty", None)
    found = [f for f in problems(routes, items) if f.level == "error"]
    assert [(f.line, f.message.split(" (")[0]) for f in found] == [
        (LINE["qty"], "source table public.items has no column qty"),
        (LINE["target"], "target column public.stock.on_hand is NOT NULL without a default "
                         "and no source column of public.items feeds it: inserts would be "
                         "rejected")]


@pytest.mark.parametrize("stock_key,message", [
    (("sku",), "keys do not correspond: the primary key of public.items (id) maps to "
               "(item_id), the primary key of public.stock is (sku)"),
    ((), "target table public.stock has no primary key"),
])
def test_keys_must_correspond(routes: Path, stock_key: tuple[str, ...], message: str) -> None:
    stock = TableSchema(STOCK.name, STOCK.columns, stock_key)
    found = [f for f in problems(routes, stock=stock) if f.check == "keys"]
    assert len(found) == 1 and found[0].message.startswith(message)
    assert found[0].line == LINE["target"]


def test_the_reverse_direction_maps_back(routes: Path) -> None:
    """Service -> monolith: the same lines, the names read backwards, `target_ignore` for the
    service's own columns, and the monolith's columns the service never feeds."""
    stock = replace_column(STOCK, "extra", col("extra", "text"))         # not in target_ignore
    stock = replace_column(stock, "on_hand", col("on_hand", "bigint", null=False))
    items = replace_column(ITEMS, "legacy_flag", col("legacy_flag", "boolean", null=False))
    found = {(f.check, f.line): f.message.split(" (")[0]
             for f in problems(routes, items, stock, direction="reverse")}
    assert found == {
        ("types", LINE["qty"]):
            "public.stock.on_hand -> public.items.qty: bigint into integer: values beyond "
            "±2147483647 are rejected",
        ("mapping", LINE["target"]):
            "source column public.stock.extra is neither mapped nor ignored, and "
            "public.items.extra does not exist: map it under columns or list it under "
            "target_ignore",
        ("mapping", LINE["source"]):
            "target column public.items.legacy_flag is NOT NULL without a default and no "
            "source column of public.stock feeds it: inserts would be rejected",
    }


def test_missing_tables(routes: Path) -> None:
    d = load_direction(routes, "inventory", "forward")
    found = check_mapping(d, {}, {}, source_db="monolith", target_db="inventory")
    assert [(f.level, f.line, f.message.split(" (")[0]) for f in found] == [
        ("error", LINE["source"], "source table public.items does not exist in database "
                                  "monolith"),
        ("error", LINE["target"], "target table public.stock does not exist in database "
                                  "inventory")]
    assert check_mapping(d, {}, {"public.stock": STOCK}, source_tables_checked=True) == []


# -- `strangler cdc preflight` against the live schemas --------------------------------------------
LIVE = """\
contexts:
  {context}:
    sync:
      source: monolith
      target: inventory
      topic_prefix: {tag}
      slot: {tag}_fwd
      fence_table: public.{tag}_fence
      tables:
        - source: public.{tag}_items
          target: public.{tag}_stock
          columns:
            id: item_id
            qty: on_hand
            price: unit_price
      reverse:
        topic_prefix: {tag}_rev
        slot: {tag}_rev
        fence_table: public.{tag}_fence
"""


@pytest.fixture
def live(stack: LocalStack, tmp_path: Path) -> Iterator[tuple[Path, str, str]]:
    tag = unique("map")
    execute(stack.monolith_dsn, f"create table {tag}_items (id bigint primary key, sku text not "
            "null, qty integer not null, price numeric(10,2) not null, colour text)")
    execute(stack.service_dsn("inventory"), f"create table {tag}_stock (item_id bigint primary "
            "key, sku varchar(20) not null, on_hand integer not null, unit_price numeric(5,1) "
            "not null, note text not null default '')")
    context = tag.replace("_", "")
    path = tmp_path / "routes.yaml"
    path.write_text(LIVE.format(context=context, tag=tag))
    yield path, context, tag
    execute(stack.monolith_dsn, f"drop table {tag}_items")
    execute(stack.service_dsn("inventory"), f"drop table {tag}_stock")


@pytest.mark.stack
def test_cdc_preflight_compares_the_mapping_with_both_live_schemas(
        stack: LocalStack, live: tuple[Path, str, str]) -> None:
    path, context, tag = live
    env = {"STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
           "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory"),
           "STRANGLER_CONNECT_URL": stack.connect_url}

    def preflight(*args: str) -> tuple[int, list[dict[str, object]]]:
        result = CliRunner().invoke(cdc, ["preflight", "--context", context, "--config",
                                          str(path), "--json", *args], env=env,
                                    catch_exceptions=False)
        findings = json.loads(result.stdout)["findings"]
        return result.exit_code, [f for f in findings if f["check"] in ("mapping", "types",
                                                                         "keys")]

    code, found = preflight()
    errors = {(f["line"], f["message"].split(" (")[0]) for f in found if f["level"] == "error"}
    items, stock = f"public.{tag}_items", f"public.{tag}_stock"
    assert code == 1
    assert errors == {
        (15, f"{items}.price -> {stock}.unit_price: numeric(10,2) into numeric(5,1): values "
             "of more than 4 integer digits are rejected; digits beyond 1 decimal place are "
             "rounded away"),
        (10, f"{items}.sku -> {stock}.sku: text into character varying(20): values longer "
             "than 20 characters are rejected"),
        (10, f"source column {items}.colour is neither mapped nor ignored, and {stock}.colour "
             "does not exist: map it under columns or list it under ignore"),
    }
    assert all(f["path"] and str(path) in str(f["message"]) for f in found
               if f["level"] == "error")

    code, found = preflight("--direction", "reverse")  # the service's extra column
    assert code == 1
    assert [(f["line"], f["message"].split(" (")[0]) for f in found if f["level"] == "error"] == [
        (11, f"source column {stock}.note is neither mapped nor ignored, and {items}.note does "
             "not exist: map it under columns or list it under target_ignore")]

    text = CliRunner().invoke(cdc, ["preflight", "--context", context, "--config", str(path)],
                              env=env)
    assert text.exit_code == 1
    assert f"ERROR    types              {items}.price -> {stock}.unit_price" in text.stdout
    assert f"{path} line 15: contexts.{context}.sync.tables[0].columns.price" in text.stdout

    execute(stack.service_dsn("inventory"), f"alter table {tag}_stock alter sku type text",
            f"alter table {tag}_stock alter unit_price type numeric(10,2)",
            f"alter table {tag}_stock add column colour text")
    execute(stack.monolith_dsn, f"alter table {tag}_items add column note text not null "
            "default ''")
    ok = [{"level": "ok", "check": "mapping", "message": f"table {items} maps onto {stock}"}]
    assert preflight() == (0, ok)
    assert preflight("--direction", "reverse") == (0, [
        {**ok[0], "message": f"table {stock} maps onto {items}"}])


# The same sync section inside a whole gateway config.
GATEWAY = """\
upstreams:
  monolith: {{url: "http://127.0.0.1:9"}}
  inventory: {{url: "http://127.0.0.1:10"}}
default_upstream: monolith
""" + LIVE.replace("  {context}:\n", "  {context}:\n    stage: legacy\n    service: inventory\n"
                                    "    routes: [\"GET /api/things\"]\n")


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.stack
def test_gateway_check_is_offline_unless_live_then_checks_both_directions(
        stack: LocalStack, live: tuple[Path, str, str], tmp_path: Path) -> None:
    _, context, tag = live
    text = GATEWAY.format(context=context, tag=tag)
    routes = tmp_path / "gateway.yaml"
    routes.write_text(text)
    env = {"STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
           "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory")}
    dead = {name: f"postgresql://nobody@127.0.0.1:{free_port()}/x" for name in env}

    def check(environment: dict[str, str], *args: str) -> Result:
        return CliRunner().invoke(gateway, ["check", str(routes), *args], env=environment)

    offline = check(dead)  # never touches a database
    assert offline.exit_code == 0, offline.output
    down = check(dead, "--live")
    assert down.exit_code == 3 and "did not answer" in down.stderr
    assert "Traceback" not in down.output

    result = check(env, "--live")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    price = line_of(text, "price: unit_price")
    assert f"error: [types] public.{tag}_items.price -> public.{tag}_stock.unit_price: " \
           f"numeric(10,2) into numeric(5,1)" in result.stderr
    assert f"({routes} line {price}: contexts.{context}.sync.tables[0].columns.price)" in (
        result.stderr)
    assert len(errors) == 4  # forward: price, sku, colour; reverse: note
    assert f"error: [mapping] source column public.{tag}_stock.note is neither mapped nor " \
           "ignored" in result.stderr
    assert "live schemas: 4 error(s)" in result.stdout

    js = check(env, "--live", "--json")
    assert js.exit_code == 1
    report = json.loads(js.stdout)["live"]
    assert report["errors"] == 4
    assert {f["line"] for f in report["findings"]} == {
        price, line_of(text, "- source:"), line_of(text, "  target: public.")}

    execute(stack.service_dsn("inventory"), f"alter table {tag}_stock alter sku type text",
            f"alter table {tag}_stock alter unit_price type numeric(10,2)",
            f"alter table {tag}_stock add column colour text")
    execute(stack.monolith_dsn, f"alter table {tag}_items add column note text not null "
            "default ''")
    fixed = check(env, "--live")
    assert fixed.exit_code == 0, fixed.output
    assert "live schemas: 0 error(s), 0 warning(s)" in fixed.stdout


def test_a_column_both_mapped_and_ignored_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    text = ROUTES.replace("ignore: [legacy_flag, gone]", "ignore: [legacy_flag, qty]")
    routes = tmp_path / "routes.yaml"
    routes.write_text(text)
    with pytest.raises(CdcConfigError) as caught:
        load_direction(routes, "inventory", "forward")
    assert str(caught.value) == (
        f"{routes}: contexts.inventory.sync.tables[0]: source column(s) qty are both mapped "
        "(columns) and ignored (ignore) (line 9)")
    gateway_text = GATEWAY.format(context="inventory", tag="t").replace(
        "      reverse:", "          target_ignore: [on_hand]\n      reverse:")
    routes.write_text(gateway_text)
    result = CliRunner().invoke(gateway, ["check", str(routes)])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: contexts.inventory.sync.tables[0]: target column(s) on_hand are both mapped "
        f"(columns) and ignored (target_ignore) (line {line_of(gateway_text, '- source:')})\n")


@pytest.mark.stack
def test_the_demo_routes_file_passes_the_live_checks(stack: LocalStack) -> None:
    """`strangler gateway check --live routes.yaml` on the demo's own schemas: both directions
    of the inventory mapping fit, with nothing to warn about."""
    with dropping_what_it_creates(stack.monolith_dsn, stack.service_dsn("inventory")):
        create_schema(stack.monolith_dsn, "monolith")
        create_schema(stack.service_dsn("inventory"), "inventory")
        env = {"STRANGLER_MONOLITH_DSN": stack.monolith_dsn,
               "STRANGLER_INVENTORY_DSN": stack.service_dsn("inventory")}
        result = CliRunner().invoke(gateway, ["check", "--live", str(REPO / "routes.yaml")],
                                    env=env)
    assert result.exit_code == 0, result.output
    assert "live schemas: 0 error(s), 0 warning(s)" in result.stdout
