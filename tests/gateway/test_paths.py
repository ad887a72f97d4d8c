"""Canonical request targets (pure, table-driven)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway import paths
from gateway.errors import InvalidTarget
from gateway.paths import Target, canonical_path, canonical_target


@pytest.fixture(autouse=True)
def fresh_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees an empty memo: a target accepted earlier in the process (by another test
    or a gateway running in it) must not answer for the rules under test."""
    monkeypatch.setattr(paths, "_CACHE", {})


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
    ("/a%20b/", Target("/a%20b/", "")),  # the trailing slash also survives decoding
    ("/.well-known/", Target("/.well-known/", "")),
    ("/%61/b?x=%2F", Target("/a/b", "x=%2F")),  # the query is never decoded
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
    ("/a\x7f", "control"),
    ("/a%20/..", "dot segments"),
    ("/a%20//b/", "repeated slashes"),
    # the first segment is checked too, with or without a trailing slash
    ("//a/", "repeated slashes"),
    ("/../a/", "dot segments"),
    ("/./", "dot segments"),
    ("/%2e/", "%2E"),
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


# one of each refusal, with the exact message the client reads in the 400 answer
MESSAGES = [
    ("a", "request target must be in origin-form (start with '/')"),
    ("/a?b c", "query contains characters that are not allowed"),
    ("/a//b", "repeated slashes are not allowed"),
    ("/a/../b", "dot segments ('.', '..') are not allowed"),
    ("/a%2", "malformed percent-escape"),
    ("/a%2f", "ambiguous percent-escape %2F is not allowed"),
    ("/a%5C", "ambiguous percent-escape %5C is not allowed"),
    ("/a%2e", "ambiguous percent-escape %2E is not allowed"),
    ("/a%3b", "ambiguous percent-escape %3B is not allowed"),
    ("/a%25", "ambiguous percent-escape %25 is not allowed"),
    ("/a%1F", "percent-escaped control characters are not allowed"),
    ("/a%7F", "percent-escaped control characters are not allowed"),
    ("/a;b", "';' (matrix parameters) is not allowed in paths"),
    ("/a\\b", "backslash is not allowed in paths"),
    ("/a#b", "fragments are not allowed in request targets"),
    ("/a\x1f", "control characters are not allowed in paths"),
    ("/a\x7f", "control characters are not allowed in paths"),
    ("/a\x80", "raw non-ASCII characters are not allowed in paths; percent-encode them"),
    ("/a b", "character ' ' is not allowed in paths"),
    ("/a{", "character '{' is not allowed in paths"),
]


@pytest.mark.parametrize(("raw", "message"), MESSAGES)
def test_refusal_messages(raw: str, message: str) -> None:
    with pytest.raises(InvalidTarget) as info:
        canonical_target(raw)
    assert info.value.message == message


def test_canonical_path_refuses_a_path_without_its_leading_slash() -> None:
    with pytest.raises(InvalidTarget) as info:
        canonical_path("a/b")
    assert info.value.message == "path must start with '/'"


@pytest.mark.parametrize(("escape", "decoded"), [
    ("%20", "%20"), ("%21", "%21"), ("%2D", "-"), ("%5F", "_"), ("%7e", "~"), ("%30", "0"),
    ("%5a", "Z"), ("%7A", "z"), ("%ff", "%FF"), ("%c3%a9", "%C3%A9"),
])
def test_only_unreserved_escapes_are_decoded(escape: str, decoded: str) -> None:
    assert canonical_path(f"/x{escape}y") == f"/x{decoded}y"


def test_accepted_targets_are_memoised_and_the_memo_stays_bounded() -> None:
    first = canonical_target("/api/inventory/1?x=1")
    assert canonical_target("/api/inventory/1?x=1") is first  # answered from the memo
    most = 0
    for i in range(paths._CACHE_MAX + 10):
        canonical_target(f"/items/{i}")
        most = max(most, len(paths._CACHE))
    assert most == paths._CACHE_MAX
    with pytest.raises(InvalidTarget):
        canonical_target("/a//b")
    assert "/a//b" not in paths._CACHE  # refusals are not memoised
