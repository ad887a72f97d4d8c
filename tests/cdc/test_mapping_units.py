"""The table mapper's pure parts, table-driven: names, keys, drift, and the SQL it composes.

The SQL is pinned as text here; test_apply.py runs the same expressions against real
PostgreSQL on every Debezium encoding."""

from __future__ import annotations

import hashlib

import pytest
from psycopg import sql

from cdc.config import TableSync
from cdc.errors import PoisonEvent, SchemaDrift
from cdc.mapping import Column, TableMapper

COLUMNS = {
    "item_id": Column("item_id", "bigint", False),
    "shelf": Column("shelf", "text", False),
    "qty": Column("qty", "integer", True),
    "note": Column("note", "text", True),
}
SYNC = TableSync(source="public.items", target="public.stock",
                 columns={"id": "item_id", "location": "shelf"}, ignore=("secret",))


def mapper(key: tuple[str, ...] = ("item_id", "shelf")) -> TableMapper:
    return TableMapper(SYNC, COLUMNS, key)


def text(composed: sql.Composable) -> str:
    return composed.as_string(None)


def test_a_target_without_a_primary_key_is_drift() -> None:
    with pytest.raises(SchemaDrift) as caught:
        TableMapper(SYNC, COLUMNS, ())
    assert caught.value.table == "public.stock"
    assert caught.value.columns == ["(no primary key at the target)"]


def test_the_mapper_knows_its_tables() -> None:
    m = mapper()
    assert (m.source, m.target, m.key_columns) == ("public.items", "public.stock",
                                                    ("item_id", "shelf"))


@pytest.mark.parametrize(("source", "target"), [
    ("id", "item_id"), ("location", "shelf"), ("qty", "qty"), ("secret", "secret")])
def test_column_names_map_both_ways(source: str, target: str) -> None:
    m = mapper()
    assert m.target_name(source) == target
    assert m.source_name(target) == source


@pytest.mark.parametrize(("image", "missing"), [
    ({"id": 1, "location": "a", "qty": 1, "note": None}, None),
    ({"id": 1, "location": "a", "secret": "s"}, None),  # ignored columns are not drift
    ({"note": "x", "qty": 1}, None),
    ({"id": 1, "colour": "red"}, ["colour"]),
    ({"size": 1, "id": 1, "colour": "red"}, ["colour", "size"]),
])
def test_a_source_column_without_a_target_column_is_drift(image: dict[str, object],
                                                          missing: list[str] | None) -> None:
    m = mapper()
    for _ in range(2):  # the second check of the same column set is answered from memory
        if missing is None:
            m.check_columns(image)
        else:
            with pytest.raises(SchemaDrift) as caught:
                m.check_columns(image)
            assert (caught.value.table, caught.value.columns) == ("public.items", missing)


def test_a_checked_column_set_does_not_excuse_a_different_one() -> None:
    m = mapper()
    m.check_columns({"id": 1, "qty": 1})
    with pytest.raises(SchemaDrift):
        m.check_columns({"id": 1, "qty": 1, "colour": "red"})


@pytest.mark.parametrize(("source_columns", "targets"), [
    (set(), ["item_id", "shelf"]),  # keys always
    ({"qty"}, ["item_id", "qty", "shelf"]),
    ({"id", "location", "note", "qty", "secret"}, ["item_id", "note", "qty", "shelf"]),
])
def test_target_columns_for_an_image(source_columns: set[str], targets: list[str]) -> None:
    assert mapper().target_columns_for(source_columns) == targets


@pytest.mark.parametrize(("key", "image", "identity"), [
    ({"location": "a", "id": 1}, None, '{"id":1,"location":"a"}'),  # sorted, compact
    ({"id": 1}, {"id": 2, "location": "b"}, '{"id":1}'),  # the record key wins
    (None, {"qty": 5, "location": "b", "id": 2}, '{"id":2,"location":"b"}'),
    ({}, {"id": 0, "location": ""}, '{"id":0,"location":""}'),  # falsy values are values
])
def test_key_text_is_canonical_json_of_the_source_key(key: dict[str, object] | None,
                                                      image: dict[str, object] | None,
                                                      identity: str) -> None:
    assert mapper().key_text(key, image) == identity


@pytest.mark.parametrize(("image", "column"), [
    (None, "id"), ({"location": "a"}, "id"), ({"id": 1}, "location"),
    ({"id": 1, "location": None}, "location")])
def test_a_row_without_its_key_is_poison(image: dict[str, object] | None, column: str) -> None:
    with pytest.raises(PoisonEvent) as caught:
        mapper().key_text(None, image)
    assert caught.value.kind == "bad-value"
    assert str(caught.value) == f"key column {column} missing or null"


# target type -> (how json_to_record reads the field, the SQL converting it)
TYPES = [
    ("integer", "text", "r.{c}::integer"),
    ("numeric(12,2)", "text", "r.{c}::numeric(12,2)"),
    ("text", "text", "r.{c}::text"),
    ("jsonb", "text", "r.{c}::jsonb"),
    ("interval", "text", "r.{c}::interval"),
    # a source `timestamp` arrives as microseconds (a number without ':' or 'infinity'): taken
    # as UTC; an ISO string (a source timestamptz) is cast
    ("timestamp with time zone", "text",
     "case when strpos(r.{c}, ':') = 0 and strpos(r.{c}, 'i') = 0 then "
     "timestamptz '1970-01-01 00:00:00+00' + (r.{c})::bigint * interval '1 microsecond' "
     "else r.{c}::timestamp with time zone end"),
    ("time with time zone", "text", "r.{c}::time with time zone"),
    ("bytea", "text", "decode(r.{c}, 'base64')"),
    ("text[]", "json",
     "case when json_typeof(r.{c}) = 'array' then coalesce((select array_agg(e) from "
     "json_array_elements_text(r.{c}) e), '{{}}') end::text[]"),
    ("date[]", "json",
     "case when json_typeof(r.{c}) = 'array' then coalesce((select array_agg(case when "
     "e ~ '^-?[0-9]+$' then date '1970-01-01' + (e)::int else e::date end) from "
     "json_array_elements_text(r.{c}) e), '{{}}') end::date[]"),
    ("bytea[]", "json",
     "case when json_typeof(r.{c}) = 'array' then coalesce((select array_agg(decode(e, "
     "'base64')) from json_array_elements_text(r.{c}) e), '{{}}') end::bytea[]"),
    ("date", "json",
     "case json_typeof(r.{c}) when 'number' then date '1970-01-01' + ((r.{c} #>> '{{}}'))::int"
     " else (r.{c} #>> '{{}}')::date end"),
    ("timestamp(3) without time zone", "json",
     "case json_typeof(r.{c}) when 'number' then timestamp '1970-01-01' + "
     "((r.{c} #>> '{{}}'))::bigint * interval '1 microsecond' else "
     "(r.{c} #>> '{{}}')::timestamp(3) without time zone end"),
    ("time without time zone", "json",
     "case json_typeof(r.{c}) when 'number' then time '00:00' + "
     "((r.{c} #>> '{{}}'))::bigint * interval '1 microsecond' else "
     "(r.{c} #>> '{{}}')::time without time zone end"),
]


@pytest.mark.parametrize(("pg_type", "read_as", "expression"), TYPES)
def test_each_target_type_is_read_and_converted_in_sql(pg_type: str, read_as: str,
                                                       expression: str) -> None:
    m = TableMapper(SYNC, {**COLUMNS, "v": Column("v", pg_type, True)}, ("item_id",))
    assert text(m.record_definition(["v"])) == f'"v" {read_as}'
    assert text(m.value_expression("v")) == expression.format(c='"v"')


@pytest.mark.parametrize(("pg_type", "read_as", "expression"), TYPES)
def test_a_field_of_a_json_document_is_converted_like_a_staged_one(
        pg_type: str, read_as: str, expression: str) -> None:
    """`field_expression` (a key change's moved image) reads the source name out of the
    document with `->` where the JSON type matters, `->>` otherwise, then converts alike."""
    m = TableMapper(SYNC, {**COLUMNS, "v": Column("v", pg_type, True),
                           "item_id": Column("item_id", pg_type, False)}, ("item_id",))
    arrow = "->" if read_as == "json" else "->>"
    doc, template = sql.SQL("w._moved"), expression.replace("r.{c}", "{c}")
    assert text(m.field_expression(doc, "v")) == template.format(c=f"(w._moved {arrow} 'v')")
    assert text(m.field_expression(doc, "item_id")) == template.format(
        c=f"(w._moved {arrow} 'id')")  # renamed: read by its source name


def test_sql_uses_source_names_inside_the_record() -> None:
    m = mapper()
    assert text(m.record_definition(["item_id", "shelf", "qty"])) == \
        '"id" text, "location" text, "qty" text'
    assert text(m.value_expression("item_id")) == 'r."id"::bigint'
    assert text(m.key_definition()) == '"item_id" bigint not null, "shelf" text not null'


@pytest.mark.parametrize("target", ["public.stock", "inventory.items_with_a_very_long_name_"
                                    "that_goes_on_and_on_beyond_limits"])
def test_positions_table_is_a_short_stable_name_per_target(target: str) -> None:
    sync = TableSync(source="public.items", target=target)
    name = TableMapper(sync, {"id": Column("id", "bigint", False)}, ("id",)).positions_table
    digest = hashlib.sha1(target.encode()).hexdigest()[:8]
    assert name == f"pos_{target.replace('.', '__')[:48]}_{digest}"
    assert len(name) <= 63  # a PostgreSQL identifier


def test_positions_table_pinned() -> None:
    sync = TableSync(source="public.items", target="public.stock")
    m = TableMapper(sync, {"id": Column("id", "bigint", False)}, ("id",))
    assert m.positions_table == "pos_public__stock_" + hashlib.sha1(b"public.stock").hexdigest()[:8]


def test_a_key_from_the_image_reads_like_the_same_key_from_kafka() -> None:
    # key columns in an order that is not the sorted order of their source names
    m = mapper(("shelf", "item_id"))
    from_image = m.key_text(None, {"location": "b", "id": 2, "qty": 1})
    assert from_image == m.key_text({"location": "b", "id": 2}, None) == '{"id":2,"location":"b"}'
