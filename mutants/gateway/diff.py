"""Comparing a primary response with its shadow (pure).

Owns what counts as "the same response". Guarantees: status codes always count; only the
configured headers are compared (case-insensitively by name); JSON bodies (by content type) are
compared structurally, so key order and whitespace never count, and ignored fields — those that
differ by nature, like `served_by` or `served_at` — never count; other bodies are compared byte
for byte. Differences are reported by path only, never with values (bodies may hold personal
data).

Ignore rules: a bare name (`served_at`) ignores that key at any depth; a rule starting with `$`
is an exact path with `[*]` for any list index (`$.items[*].etag`). Unordered arrays (`$.items`)
are compared as multisets of their (ignore-filtered) elements.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Captured", "DiffResult", "IgnoreRules", "compare"]


@dataclass(frozen=True, slots=True)
class Captured:
    status: int
    headers: Mapping[str, str]  # case-insensitive mapping
    body: bytes | None  # None: not captured (too large)


@dataclass(frozen=True, slots=True)
class DiffResult:
    differences: tuple[str, ...]  # paths: "status", "header:content-type", "body", "$.a[0].b"
    comparable: bool = True  # False when a body was not captured

    @property
    def match(self) -> bool:
        return self.comparable and not self.differences


class IgnoreRules:
    """Fields to ignore, and arrays to compare without regard to order (as multisets)."""

    __slots__ = ("names", "paths", "unordered")

    def __init__(self, rules: Iterable[str], unordered: Iterable[str] = ()) -> None:
        rules = tuple(rules)
        self.names = frozenset(r for r in rules if not r.startswith("$"))
        self.paths = frozenset(r for r in rules if r.startswith("$"))
        self.unordered = frozenset(unordered)

    def ignored(self, key: str, path: str) -> bool:
        return key in self.names or _generic(path) in self.paths

    def is_unordered(self, path: str) -> bool:
        return bool(self.unordered) and _generic(path) in self.unordered


def _generic(path: str) -> str:
    out, i = [], 0
    while i < len(path):
        if path[i] == "[":
            j = path.index("]", i)
            out.append("[*]")
            i = j + 1
        else:
            out.append(path[i])
            i += 1
    return "".join(out)


def _is_json(headers: Mapping[str, str]) -> bool:
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    return ctype == "application/json" or ctype.endswith("+json")


def compare(primary: Captured, shadow: Captured, *, ignore: IgnoreRules,
            compare_headers: Iterable[str] = ("content-type",), limit: int = 20) -> DiffResult:
    diffs: list[str] = []
    if primary.status != shadow.status:
        diffs.append("status")
    for name in compare_headers:
        if primary.headers.get(name) != shadow.headers.get(name):
            diffs.append(f"header:{name.lower()}")
    if primary.body is None or shadow.body is None:
        return DiffResult(tuple(diffs), comparable=False)
    if _is_json(primary.headers) and _is_json(shadow.headers):
        try:
            a = json.loads(primary.body) if primary.body else None
            b = json.loads(shadow.body) if shadow.body else None
        except ValueError:
            if primary.body != shadow.body:
                diffs.append("body")
        else:
            _walk(a, b, "$", ignore, diffs, limit)
    elif primary.body != shadow.body:
        diffs.append("body")
    return DiffResult(tuple(diffs[:limit]))


def _walk(a: Any, b: Any, path: str, ignore: IgnoreRules, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            sub = f"{path}.{key}"
            if ignore.ignored(key, sub):
                continue
            if key not in a or key not in b:
                out.append(sub)
            else:
                _walk(a[key], b[key], sub, ignore, out, limit)
    elif isinstance(a, list) and isinstance(b, list):
        if ignore.is_unordered(path):
            if sorted(_canon(x, ignore, path + "[*]") for x in a) != \
                    sorted(_canon(y, ignore, path + "[*]") for y in b):
                out.append(f"{path}[unordered]")
            return
        if len(a) != len(b):
            out.append(f"{path}[len]")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _walk(x, y, f"{path}[{i}]", ignore, out, limit)
    elif type(a) is not type(b) or a != b:
        # 1 == 1.0 is the same JSON number; True != 1 in JSON
        if isinstance(a, int | float) and isinstance(b, int | float) \
                and not isinstance(a, bool) and not isinstance(b, bool) and a == b:
            return
        out.append(path)


def _canon(value: Any, ignore: IgnoreRules, path: str) -> str:
    """A canonical text of `value` without ignored fields (for multiset comparison)."""
    if isinstance(value, dict):
        kept = {k: _canon(v, ignore, f"{path}.{k}") for k, v in value.items()
                if not ignore.ignored(k, f"{path}.{k}")}
        return json.dumps(kept, sort_keys=True)
    if isinstance(value, list):
        if ignore.is_unordered(path):
            return json.dumps(sorted(_canon(v, ignore, path + "[*]") for v in value))
        return json.dumps([_canon(v, ignore, path + "[*]") for v in value])
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value)
