"""Primary vs shadow comparison (pure, table-driven)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from multidict import CIMultiDict

from gateway.diff import Captured, IgnoreRules, compare

JSON = CIMultiDict({"Content-Type": "application/json"})
TEXT = CIMultiDict({"Content-Type": "text/plain"})


def cap(body: Any, status: int = 200, headers: CIMultiDict[str] = JSON) -> Captured:
    raw = body if isinstance(body, bytes) or body is None else json.dumps(body).encode()
    return Captured(status, headers, raw)


IGNORE = ["served_by", "served_at", "$.items[*].etag"]

CASES: list[tuple[Captured, Captured, tuple[str, ...], bool]] = [
    (cap({"a": 1, "served_by": "m"}), cap({"served_by": "s", "a": 1}), (), True),
    (cap({"a": 1}), cap({"a": 2}), ("$.a",), False),
    (cap({"a": 1}), cap({"a": 1.0}), (), True),
    (cap({"a": 1}), cap({"a": True}), ("$.a",), False),
    (cap({"a": {"served_at": 1, "b": [1, 2]}}), cap({"a": {"served_at": 2, "b": [1, 3]}}),
     ("$.a.b[1]",), False),
    (cap({"items": [{"etag": "x", "q": 1}]}), cap({"items": [{"etag": "y", "q": 1}]}), (), True),
    (cap({"etag": "x"}), cap({"etag": "y"}), ("$.etag",), False),  # path rule is exact
    (cap({"a": [1, 2]}), cap({"a": [1]}), ("$.a[len]",), False),
    (cap({"a": 1}), cap({"b": 1}), ("$.a", "$.b"), False),
    (cap({"a": 1}), cap({"a": 1}, status=500), ("status",), False),
    (cap({"a": 1}), cap({"a": 1}, headers=CIMultiDict({"content-type": "text/html"})),
     ("header:content-type",), False),
    (cap(b"abc", headers=TEXT), cap(b"abc", headers=TEXT), (), True),
    (cap(b"abc", headers=TEXT), cap(b"abd", headers=TEXT), ("body",), False),
    (cap(b"{not json"), cap(b"{not json"), (), True),
    (cap(b"{not json"), cap(b"{other"), ("body",), False),
    (cap(None), cap({"a": 1}), (), False),  # not captured: incomparable, never a "match"
]


@pytest.mark.parametrize(("primary", "shadow", "diffs", "match"), CASES)
def test_compare(primary: Captured, shadow: Captured, diffs: tuple[str, ...],
                 match: bool) -> None:
    result = compare(primary, shadow, ignore=IgnoreRules(IGNORE))
    assert result.differences == diffs
    assert result.match is match


def test_differences_never_carry_values() -> None:
    result = compare(cap({"card": "4111-1111"}), cap({"card": "5500-0000"}),
                     ignore=IgnoreRules([]))
    assert result.differences == ("$.card",)
    assert "4111" not in repr(result)


@pytest.mark.parametrize(("a", "b", "diffs"), [
    ({"items": [1, 2, 3]}, {"items": [3, 1, 2]}, ()),
    ({"items": [1, 2, 2]}, {"items": [2, 1, 1]}, ("$.items[unordered]",)),
    ({"items": [{"id": 1, "served_at": 1}, {"id": 2, "served_at": 2}]},
     {"items": [{"id": 2, "served_at": 9}, {"id": 1, "served_at": 8}]}, ()),
    ({"items": [{"id": 1}]}, {"items": [{"id": 1}, {"id": 1}]}, ("$.items[unordered]",)),
    ({"other": [1, 2]}, {"other": [2, 1]}, ("$.other[0]", "$.other[1]")),  # still ordered
])
def test_unordered_arrays(a: Any, b: Any, diffs: tuple[str, ...]) -> None:
    rules = IgnoreRules(["served_at"], unordered=["$.items"])
    assert compare(cap(a), cap(b), ignore=rules).differences == diffs
