"""Canonical request targets: the one path used both for matching and for forwarding.

Owns the rules that turn a raw HTTP request target into `(path, query)` or refuse it.
Guarantees: a returned path is in canonical form, so `canonical_target(p + q) == (p, q)`
(idempotent), the router sees exactly the bytes the upstream will see, and nothing an upstream
could decode into a different path structure gets through. The rules (see docs/threat-model.md):

* origin-form only: the target starts with a single `/` (absolute-form `http://...`,
  authority-form and `*` are refused); no fragment (`#`);
* only RFC 3986 path characters, minus `;` (matrix parameters) and `\\`; no controls, spaces or
  raw non-ASCII bytes;
* percent-escapes must be well formed; escapes of unreserved characters are decoded
  (`%7E` -> `~`), the rest are kept with upper-case hex; `%2F` (/), `%5C` (\\), `%2E` (.),
  `%3B` (;), `%25` (%), `%00` and escapes of other control bytes are refused as ambiguous;
* dot segments (`.` and `..`) are refused, never resolved; repeated slashes (empty segments)
  are refused, never collapsed. A single trailing slash is kept: `/a/` and `/a` are different
  paths.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from gateway.errors import InvalidTarget

__all__ = ["Target", "canonical_target", "canonical_path"]

# pchar = unreserved / pct-encoded / sub-delims / ":" / "@"   (RFC 3986), minus ";"
_PATH_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,=:@/%]*")
_QUERY_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%\[\]]*")
_ESCAPE = re.compile(r"%(?P<hex>[0-9A-Fa-f]{2})")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~")
# '.' is unreserved too, but an encoded dot is how dot-segment tricks hide: refuse it.
_REFUSED_ESCAPES = {0x2F: "%2F", 0x5C: "%5C", 0x2E: "%2E", 0x3B: "%3B", 0x25: "%25"}


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict


class Target(NamedTuple):
    path: str
    query: str  # without the leading "?"; "" when absent


_CACHE: dict[str, Target] = {}
_CACHE_MAX = 4096  # recent accepted targets; cleared when full (bounded memory)
mutants_x_canonical_target__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_canonical_target__mutmut)
def canonical_target(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_orig(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_1(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = None
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_2(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(None)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_3(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_4(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = None
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_5(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(None)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_6(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def x_canonical_target__mutmut_7(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = None
    return target

mutants_x_canonical_target__mutmut['_mutmut_orig'] = x_canonical_target__mutmut_orig # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_1'] = x_canonical_target__mutmut_1 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_2'] = x_canonical_target__mutmut_2 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_3'] = x_canonical_target__mutmut_3 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_4'] = x_canonical_target__mutmut_4 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_5'] = x_canonical_target__mutmut_5 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_6'] = x_canonical_target__mutmut_6 # type: ignore # mutmut generated
mutants_x_canonical_target__mutmut['x_canonical_target__mutmut_7'] = x_canonical_target__mutmut_7 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__canonical_target__mutmut)
def _canonical_target(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_orig(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_1(raw: str) -> Target:
    if raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_2(raw: str) -> Target:
    if not raw.startswith(None):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_3(raw: str) -> Target:
    if not raw.startswith("XX/XX"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_4(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget(None)
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_5(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("XXrequest target must be in origin-form (start with '/')XX")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_6(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("REQUEST TARGET MUST BE IN ORIGIN-FORM (START WITH '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_7(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = None
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_8(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition(None)
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_9(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.rpartition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_10(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("XX?XX")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_11(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep or not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_12(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_13(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(None):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_14(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget(None)
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_15(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("XXquery contains characters that are not allowedXX")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_16(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("QUERY CONTAINS CHARACTERS THAT ARE NOT ALLOWED")
    return Target(canonical_path(path), query)


def x__canonical_target__mutmut_17(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(None, query)


def x__canonical_target__mutmut_18(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), None)


def x__canonical_target__mutmut_19(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(query)


def x__canonical_target__mutmut_20(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), )


def x__canonical_target__mutmut_21(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(None), query)

mutants_x__canonical_target__mutmut['_mutmut_orig'] = x__canonical_target__mutmut_orig # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_1'] = x__canonical_target__mutmut_1 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_2'] = x__canonical_target__mutmut_2 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_3'] = x__canonical_target__mutmut_3 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_4'] = x__canonical_target__mutmut_4 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_5'] = x__canonical_target__mutmut_5 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_6'] = x__canonical_target__mutmut_6 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_7'] = x__canonical_target__mutmut_7 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_8'] = x__canonical_target__mutmut_8 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_9'] = x__canonical_target__mutmut_9 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_10'] = x__canonical_target__mutmut_10 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_11'] = x__canonical_target__mutmut_11 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_12'] = x__canonical_target__mutmut_12 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_13'] = x__canonical_target__mutmut_13 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_14'] = x__canonical_target__mutmut_14 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_15'] = x__canonical_target__mutmut_15 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_16'] = x__canonical_target__mutmut_16 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_17'] = x__canonical_target__mutmut_17 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_18'] = x__canonical_target__mutmut_18 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_19'] = x__canonical_target__mutmut_19 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_20'] = x__canonical_target__mutmut_20 # type: ignore # mutmut generated
mutants_x__canonical_target__mutmut['x__canonical_target__mutmut_21'] = x__canonical_target__mutmut_21 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_canonical_path__mutmut)
def canonical_path(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_orig(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_1(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_2(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith(None):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_3(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("XX/XX"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_4(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget(None)
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_5(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("XXpath must start with '/'XX")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_6(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("PATH MUST START WITH '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_7(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_8(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(None):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_9(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(None)
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_10(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(None))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_11(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path or "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_12(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path or "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_13(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "XX%XX" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_14(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_15(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "XX//XX" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_16(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_17(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "XX/.XX" not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_18(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_19(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "XX%XX" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_20(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" not in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_21(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = None
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_22(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(None)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_23(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = None
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_24(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split(None)
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_25(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("XX/XX")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_26(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = None
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_27(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if (segments[-1] == "") and False else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_28(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if (segments[-1] == "") or True else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_29(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[2:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_30(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:+1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_31(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-2] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_32(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[+1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_33(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-2] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_34(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] != "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_35(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "XXXX" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_36(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[2:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_37(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg != "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_38(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "XXXX":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_39(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget(None)
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_40(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("XXrepeated slashes are not allowedXX")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_41(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("REPEATED SLASHES ARE NOT ALLOWED")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_42(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg not in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_43(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in ("XX.XX", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_44(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", "XX..XX"):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def x_canonical_path__mutmut_45(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget(None)
    return path


def x_canonical_path__mutmut_46(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("XXdot segments ('.', '..') are not allowedXX")
    return path


def x_canonical_path__mutmut_47(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("DOT SEGMENTS ('.', '..') ARE NOT ALLOWED")
    return path

mutants_x_canonical_path__mutmut['_mutmut_orig'] = x_canonical_path__mutmut_orig # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_1'] = x_canonical_path__mutmut_1 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_2'] = x_canonical_path__mutmut_2 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_3'] = x_canonical_path__mutmut_3 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_4'] = x_canonical_path__mutmut_4 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_5'] = x_canonical_path__mutmut_5 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_6'] = x_canonical_path__mutmut_6 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_7'] = x_canonical_path__mutmut_7 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_8'] = x_canonical_path__mutmut_8 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_9'] = x_canonical_path__mutmut_9 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_10'] = x_canonical_path__mutmut_10 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_11'] = x_canonical_path__mutmut_11 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_12'] = x_canonical_path__mutmut_12 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_13'] = x_canonical_path__mutmut_13 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_14'] = x_canonical_path__mutmut_14 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_15'] = x_canonical_path__mutmut_15 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_16'] = x_canonical_path__mutmut_16 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_17'] = x_canonical_path__mutmut_17 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_18'] = x_canonical_path__mutmut_18 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_19'] = x_canonical_path__mutmut_19 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_20'] = x_canonical_path__mutmut_20 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_21'] = x_canonical_path__mutmut_21 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_22'] = x_canonical_path__mutmut_22 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_23'] = x_canonical_path__mutmut_23 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_24'] = x_canonical_path__mutmut_24 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_25'] = x_canonical_path__mutmut_25 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_26'] = x_canonical_path__mutmut_26 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_27'] = x_canonical_path__mutmut_27 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_28'] = x_canonical_path__mutmut_28 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_29'] = x_canonical_path__mutmut_29 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_30'] = x_canonical_path__mutmut_30 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_31'] = x_canonical_path__mutmut_31 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_32'] = x_canonical_path__mutmut_32 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_33'] = x_canonical_path__mutmut_33 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_34'] = x_canonical_path__mutmut_34 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_35'] = x_canonical_path__mutmut_35 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_36'] = x_canonical_path__mutmut_36 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_37'] = x_canonical_path__mutmut_37 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_38'] = x_canonical_path__mutmut_38 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_39'] = x_canonical_path__mutmut_39 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_40'] = x_canonical_path__mutmut_40 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_41'] = x_canonical_path__mutmut_41 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_42'] = x_canonical_path__mutmut_42 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_43'] = x_canonical_path__mutmut_43 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_44'] = x_canonical_path__mutmut_44 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_45'] = x_canonical_path__mutmut_45 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_46'] = x_canonical_path__mutmut_46 # type: ignore # mutmut generated
mutants_x_canonical_path__mutmut['x_canonical_path__mutmut_47'] = x_canonical_path__mutmut_47 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__normalise_escapes__mutmut)
def _normalise_escapes(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_orig(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_1(path: str) -> str:
    if path.count(None) != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_2(path: str) -> str:
    if path.count("XX%XX") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_3(path: str) -> str:
    if path.count("%") == len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_4(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget(None)

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_5(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("XXmalformed percent-escapeXX")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_6(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("MALFORMED PERCENT-ESCAPE")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_7(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = None
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_8(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(None, 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_9(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), None)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_10(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_11(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), )
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_12(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group(None), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_13(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("XXhexXX"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_14(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("HEX"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_15(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 17)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_16(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = None
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_17(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(None)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_18(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_19(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(None)
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_20(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 and byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_21(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte <= 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_22(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 33 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_23(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte != 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_24(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 128:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_25(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget(None)
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_26(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("XXpercent-escaped control characters are not allowedXX")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_27(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("PERCENT-ESCAPED CONTROL CHARACTERS ARE NOT ALLOWED")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_28(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte not in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_29(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(None)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_30(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" - m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_31(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "XX%XX" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_32(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").lower()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_33(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group(None).upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_34(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("XXhexXX").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_35(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("HEX").upper()

    return _ESCAPE.sub(fix, path)


def x__normalise_escapes__mutmut_36(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(None, path)


def x__normalise_escapes__mutmut_37(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, None)


def x__normalise_escapes__mutmut_38(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(path)


def x__normalise_escapes__mutmut_39(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, )

mutants_x__normalise_escapes__mutmut['_mutmut_orig'] = x__normalise_escapes__mutmut_orig # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_1'] = x__normalise_escapes__mutmut_1 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_2'] = x__normalise_escapes__mutmut_2 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_3'] = x__normalise_escapes__mutmut_3 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_4'] = x__normalise_escapes__mutmut_4 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_5'] = x__normalise_escapes__mutmut_5 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_6'] = x__normalise_escapes__mutmut_6 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_7'] = x__normalise_escapes__mutmut_7 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_8'] = x__normalise_escapes__mutmut_8 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_9'] = x__normalise_escapes__mutmut_9 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_10'] = x__normalise_escapes__mutmut_10 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_11'] = x__normalise_escapes__mutmut_11 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_12'] = x__normalise_escapes__mutmut_12 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_13'] = x__normalise_escapes__mutmut_13 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_14'] = x__normalise_escapes__mutmut_14 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_15'] = x__normalise_escapes__mutmut_15 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_16'] = x__normalise_escapes__mutmut_16 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_17'] = x__normalise_escapes__mutmut_17 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_18'] = x__normalise_escapes__mutmut_18 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_19'] = x__normalise_escapes__mutmut_19 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_20'] = x__normalise_escapes__mutmut_20 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_21'] = x__normalise_escapes__mutmut_21 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_22'] = x__normalise_escapes__mutmut_22 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_23'] = x__normalise_escapes__mutmut_23 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_24'] = x__normalise_escapes__mutmut_24 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_25'] = x__normalise_escapes__mutmut_25 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_26'] = x__normalise_escapes__mutmut_26 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_27'] = x__normalise_escapes__mutmut_27 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_28'] = x__normalise_escapes__mutmut_28 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_29'] = x__normalise_escapes__mutmut_29 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_30'] = x__normalise_escapes__mutmut_30 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_31'] = x__normalise_escapes__mutmut_31 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_32'] = x__normalise_escapes__mutmut_32 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_33'] = x__normalise_escapes__mutmut_33 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_34'] = x__normalise_escapes__mutmut_34 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_35'] = x__normalise_escapes__mutmut_35 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_36'] = x__normalise_escapes__mutmut_36 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_37'] = x__normalise_escapes__mutmut_37 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_38'] = x__normalise_escapes__mutmut_38 # type: ignore # mutmut generated
mutants_x__normalise_escapes__mutmut['x__normalise_escapes__mutmut_39'] = x__normalise_escapes__mutmut_39 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__char_problem__mutmut)
def _char_problem(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_orig(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_1(path: str) -> str:
    for ch in path:
        if _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_2(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(None):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_3(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch != ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_4(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == "XX;XX":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_5(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "XX';' (matrix parameters) is not allowed in pathsXX"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_6(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (MATRIX PARAMETERS) IS NOT ALLOWED IN PATHS"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_7(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch != "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_8(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "XX\\XX":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_9(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "XXbackslash is not allowed in pathsXX"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_10(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "BACKSLASH IS NOT ALLOWED IN PATHS"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_11(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch != "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_12(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "XX#XX":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_13(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "XXfragments are not allowed in request targetsXX"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_14(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "FRAGMENTS ARE NOT ALLOWED IN REQUEST TARGETS"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_15(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 and ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_16(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(None) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_17(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) <= 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_18(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 33 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_19(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(None) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_20(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) != 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_21(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 128:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_22(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "XXcontrol characters are not allowed in pathsXX"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_23(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "CONTROL CHARACTERS ARE NOT ALLOWED IN PATHS"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_24(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(None) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_25(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) >= 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_26(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 127:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_27(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "XXraw non-ASCII characters are not allowed in paths; percent-encode themXX"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_28(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ascii characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_29(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "RAW NON-ASCII CHARACTERS ARE NOT ALLOWED IN PATHS; PERCENT-ENCODE THEM"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover


def x__char_problem__mutmut_30(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "XXpath contains characters that are not allowedXX"  # pragma: no cover


def x__char_problem__mutmut_31(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "PATH CONTAINS CHARACTERS THAT ARE NOT ALLOWED"  # pragma: no cover

mutants_x__char_problem__mutmut['_mutmut_orig'] = x__char_problem__mutmut_orig # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_1'] = x__char_problem__mutmut_1 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_2'] = x__char_problem__mutmut_2 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_3'] = x__char_problem__mutmut_3 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_4'] = x__char_problem__mutmut_4 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_5'] = x__char_problem__mutmut_5 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_6'] = x__char_problem__mutmut_6 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_7'] = x__char_problem__mutmut_7 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_8'] = x__char_problem__mutmut_8 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_9'] = x__char_problem__mutmut_9 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_10'] = x__char_problem__mutmut_10 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_11'] = x__char_problem__mutmut_11 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_12'] = x__char_problem__mutmut_12 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_13'] = x__char_problem__mutmut_13 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_14'] = x__char_problem__mutmut_14 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_15'] = x__char_problem__mutmut_15 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_16'] = x__char_problem__mutmut_16 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_17'] = x__char_problem__mutmut_17 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_18'] = x__char_problem__mutmut_18 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_19'] = x__char_problem__mutmut_19 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_20'] = x__char_problem__mutmut_20 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_21'] = x__char_problem__mutmut_21 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_22'] = x__char_problem__mutmut_22 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_23'] = x__char_problem__mutmut_23 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_24'] = x__char_problem__mutmut_24 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_25'] = x__char_problem__mutmut_25 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_26'] = x__char_problem__mutmut_26 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_27'] = x__char_problem__mutmut_27 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_28'] = x__char_problem__mutmut_28 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_29'] = x__char_problem__mutmut_29 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_30'] = x__char_problem__mutmut_30 # type: ignore # mutmut generated
mutants_x__char_problem__mutmut['x__char_problem__mutmut_31'] = x__char_problem__mutmut_31 # type: ignore # mutmut generated
