"""Canonical request targets (pure, table-driven)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.errors import InvalidTarget
from gateway.paths import Target, canonical_path, canonical_target

ACCEPTED = [
    ("/", Target("/", "")),
    ("/api/inventory", Target("/api/inventory", "")),
    ("/api/inventory/", Target("/api/inventory/", "")),  # a trailing slash is kept
    ("/api/inventory?limit=5&x=%2F", Target("/api/inventory", "limit=5&x=%2F")),
    ("/a?", Target("/a", "")),
    ("/%7Euser/%41bc", Target("/~user/Abc", "")),  # unreserved escapes decoded
    ("/caf%c3%a9", Target("/caf%C3%A9", "")),  # others kept, upper-case hex
    ("/a%20b", Target("/a%20b", "")),
    ("/.well-known/x", Target("/.well-known/x", "")),  # dots inside segments are fine
    ("/a/..b/c.", Target("/a/..b/c.", "")),
    ("/a:b@c!$&'()*+,=", Target("/a:b@c!$&'()*+,=", "")),
    ("/q?a[]=1&b=c;d", Target("/q", "a[]=1&b=c;d")),
]

REFUSED = [
    ("http://h/a", "origin-form"),
    ("*", "origin-form"),
    ("", "origin-form"),
    ("//a", "repeated slashes"),
    ("/a//b", "repeated slashes"),
    ("/a/./b", "dot segments"),
    ("/a/../b", "dot segments"),
    ("/..", "dot segments"),
    ("/a/.", "dot segments"),
    ("/a%2Fb", "%2F"),
    ("/a%2fb", "%2F"),
    ("/a%5cb", "%5C"),
    ("/%2e%2e/a", "%2E"),
    ("/a%2E", "%2E"),
    ("/a%3Bb", "%3B"),
    ("/a%252F", "%25"),
    ("/a%00", "control"),
    ("/a%0A", "control"),
    ("/a%7f", "control"),
    ("/a%zz", "malformed"),
    ("/a%2", "malformed"),
    ("/a;b", "matrix"),
    ("/a\\b", "backslash"),
    ("/a#b", "fragment"),
    ("/a b", "not allowed"),
    ("/a\x00", "control"),
    ("/caf\u00e9", "non-ASCII"),
    ("/a?b c", "query"),
    ("/a?b#c", "query"),
    ("/a{b}", "not allowed"),
]


@pytest.mark.parametrize(("raw", "expected"), ACCEPTED)
def test_accepted(raw: str, expected: Target) -> None:
    assert canonical_target(raw) == expected


@pytest.mark.parametrize(("raw", "fragment"), REFUSED)
def test_refused(raw: str, fragment: str) -> None:
    with pytest.raises(InvalidTarget) as info:
        canonical_target(raw)
    assert fragment.lower() in info.value.message.lower()
    assert info.value.status == 400


segment = st.text(alphabet="abcXYZ09-._~%2F5cE0a;/", min_size=0, max_size=12)


@given(st.lists(segment, min_size=1, max_size=6))
def test_canonical_form_is_idempotent_and_clean(parts: list[str]) -> None:
    raw = "/" + "/".join(parts)
    try:
        once = canonical_path(raw)
    except InvalidTarget:
        return
    assert canonical_path(once) == once
    lowered = once.lower()
    for bad in ("%2f", "%5c", "%2e", "%25", "%00", ";", "//", "\\"):
        assert bad not in lowered
    assert "/./" not in once + "/" and "/../" not in once + "/"
