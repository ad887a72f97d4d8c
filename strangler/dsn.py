"""PostgreSQL DSNs: where each one comes from, whether it is well-formed, how it is shown.

Owns every read of a `STRANGLER_<DB>_DSN` variable (`resolve`). Guarantees:
* a DSN is validated before anything connects with it; a malformed one raises `DsnError`
  (exit code 2) naming where it came from (the variable or option) and what is wrong, without
  quoting any part of the value: a typo can put the password anywhere in it;
* `redact` masks passwords in any text: DSN URLs (also with `@`, `:` or `/` in the password),
  key=value strings (quoted values too), query strings (`?password=`), connector configs in
  JSON or Java's `{k=v, ...}` form, and every password of a DSN this process has read, in raw
  and percent-encoded form, wherever it appears;
* `password_for` finds a DSN's password the way libpq does (the DSN, `PGPASSWORD`, then the
  password file: `PGPASSFILE`, else `~/.pgpass`), for clients that do not read that file
  themselves, such as Debezium.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, unquote

import psycopg
from psycopg.conninfo import conninfo_to_dict

from strangler.errors import DsnError

__all__ = ["DsnError", "RedactingFilter", "check", "from_env", "password_for", "pgpass_line",
           "redact", "redact_logs", "remember", "resolve", "secret_key", "variable"]

MASK = "***"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
# Worded so that `redact` leaves it alone (no `scheme://user:password@` in it).
URL_FORM = ("a postgresql://USER@HOST[:PORT]/DATABASE URL (a password goes before the @ as "
            "USER:PASSWORD; percent-encode special characters)")
EXPECTED = f"expected {URL_FORM} or key=value pairs"
# Shorter values would mask ordinary words in every message.
_MIN_SECRET = 3
_known: set[str] = set()
_SECRET_WORDS = r"(?:password|passwd|secret)"
_SECRET_KEY = re.compile(_SECRET_WORDS, re.IGNORECASE)


def variable(database: str) -> str:
    """The environment variable holding a database's DSN."""
    return f"STRANGLER_{database.upper()}_DSN"


def secret_key(key: str) -> bool:
    """A config key whose value is a secret (`database.password`, `sslpassword`, `*secret*`)."""
    return _SECRET_KEY.search(key) is not None


def remember(secret: str | None) -> None:
    """Mask `secret` (and its percent-encoded forms) in everything `redact` sees from now on."""
    if secret and len(secret) >= _MIN_SECRET:
        _known.update({secret, quote(secret, safe=""), quote(secret), unquote(secret)})


# -- validation ----------------------------------------------------------------------------------
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})|%00")
_QUOTED = re.compile(r'"[^"]*"')
_KEYWORDS = frozenset(o.keyword.decode() for o in psycopg.pq.Conninfo.get_defaults())


def check(value: str, source: str, *, url_only: bool = False) -> str:
    """`value` as a DSN libpq accepts, or `DsnError` naming `source` (a variable or option).

    `postgresql+psycopg://` (SQLAlchemy's spelling) is returned as `postgresql://`; with
    `url_only`, key=value strings are refused (SQLAlchemy takes URLs only).
    """
    raw = value.strip()
    if not raw:
        raise DsnError(source, f"is empty: {EXPECTED}")
    scheme = _SCHEME.match(raw)
    if scheme is not None:
        name = scheme.group(1).lower()
        if name not in SCHEMES:
            raise DsnError(source, f"unsupported scheme {name}://: {EXPECTED}")
        dsn = "postgresql://" + raw[scheme.end():]
        _check_url(raw[scheme.end():], source)
    elif url_only:
        raise DsnError(source, f"must be {URL_FORM} here")
    elif "=" not in raw:
        raise DsnError(source, f"is not a PostgreSQL DSN: {EXPECTED}")
    else:
        dsn = raw
    try:
        info = conninfo_to_dict(dsn)
    except psycopg.Error as exc:
        raise DsnError(source, f"libpq cannot parse it ({_libpq_reason(exc)}): "
                               f"{EXPECTED}") from None
    for port in str(info.get("port") or "").split(","):
        if port and not (port.isdigit() and 1 <= int(port) <= 65535):
            raise DsnError(source, "the port is not a number in 1..65535")
    remember(str(info.get("password") or ""))
    remember(_url_password(raw[scheme.end():]) if scheme else None)
    return dsn


def _check_url(rest: str, source: str) -> None:
    """Structural checks libpq would only fail later, quoting a piece of the password."""
    if any(c.isspace() for c in rest):
        raise DsnError(source, "contains whitespace (percent-encode it as %20)")
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if authority.count("@") > 1:
        raise DsnError(source, "the user or password contains an unencoded '@' "
                               "(percent-encode it as %40)")
    if "@" not in authority and "@" in tail:
        raise DsnError(source, "the user or password contains an unencoded '/', '?' or '#' "
                               "(percent-encode them as %2F, %3F, %23)")
    userinfo, _, hostport = authority.rpartition("@")
    query_at = tail.find("?")
    path, query = (tail, "") if query_at < 0 else (tail[:query_at], tail[query_at:])
    for part, text in (("user or password", userinfo), ("host", hostport),
                       ("database name", path), ("query string", query)):
        if _BAD_ESCAPE.search(text):
            raise DsnError(source, f"the {part} has an invalid %-escape (each % must be "
                                   "followed by two hex digits other than 00; write a "
                                   "literal % as %25)")


def _url_password(rest: str) -> str | None:
    userinfo = rest.rpartition("@")[0]
    return userinfo.partition(":")[2] or None


def _libpq_reason(exc: Exception) -> str:
    """libpq's parse error with every quoted piece of the value hidden (option names stay)."""
    first = (str(exc).strip().splitlines() or ["unparsable"])[0]
    return _QUOTED.sub(
        lambda m: m.group(0) if m.group(0)[1:-1] in _KEYWORDS | {"="} else "(hidden)", first)


# -- resolution ----------------------------------------------------------------------------------
def from_env(database: str, *, url_only: bool = False) -> str | None:
    """`$STRANGLER_<DATABASE>_DSN` validated (`DsnError` names the variable), or None if unset."""
    name = variable(database)
    value = os.environ.get(name)
    return check(value, name, url_only=url_only) if value else None


def resolve(database: str, state_dir: str | os.PathLike[str] | None = None, *,
            url_only: bool = False) -> str:
    """`$STRANGLER_<DATABASE>_DSN` validated, else the DSN of the local stack's database.

    Raises `DsnError` (exit 2) for a malformed variable, `StackError` (exit 3) when neither
    the variable nor a local stack (`strangler stack up`) is there.
    """
    found = from_env(database, url_only=url_only)
    if found is not None:
        return found
    from strangler.stack.runner import LocalStack

    stack = LocalStack.from_env(state_dir).require_started(variable(database))
    remember(stack.state.password)
    return stack.monolith_dsn if database == stack.MONOLITH_DB else stack.service_dsn(database)


# -- redaction -----------------------------------------------------------------------------------
_URL = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<rest>[^\s'\"<>`]*)")
_SECRET_VALUE = re.compile(
    rf"""(?P<key>(?<![\w.-])[\w.-]*{_SECRET_WORDS}[\w.-]*)"""
    r"""(?P<sep>["']?\s*[=:]\s*)"""
    r"""(?P<value>'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?|[^\s&,;})\]'"]+)""",
    re.IGNORECASE)


def _mask_url(match: re.Match[str]) -> str:
    rest = match["rest"]
    userinfo, at, hostpart = rest.rpartition("@")
    user, colon, _ = userinfo.partition(":")
    if not at or not colon:
        return match[0]
    return f"{match['scheme']}{user}:{MASK}@{hostpart}"


def _mask_value(match: re.Match[str]) -> str:
    value = match["value"]
    quote_char = value[0] if value[0] in "'\"" else ""
    return f"{match['key']}{match['sep']}{quote_char}{MASK}{quote_char}"


def redact(text: str) -> str:
    """`text` (a DSN, an error message, a log line) with every password in it masked."""
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL.sub(_mask_url, text)
    return _SECRET_VALUE.sub(_mask_value, text)


# -- the password file ---------------------------------------------------------------------------
def password_for(info: Mapping[str, object]) -> str | None:
    """The password libpq would use for these connection parameters, if any.

    The DSN's own, else `PGPASSWORD`, else the first matching line of the password file
    (ignored, as libpq does, unless it is a regular file that only its owner can read).
    """
    if info.get("password"):
        return str(info["password"])
    if os.environ.get("PGPASSWORD"):
        return os.environ["PGPASSWORD"]
    path = Path(str(info.get("passfile") or os.environ.get("PGPASSFILE")
                    or Path.home() / ".pgpass"))
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode) or mode & 0o077:
            return None
        lines = path.read_text().splitlines()
    except OSError:
        return None
    host = str(info.get("host") or "localhost").split(",")[0]
    if host.startswith("/"):
        host = "localhost"
    user = str(info.get("user") or os.environ.get("PGUSER") or _os_user())
    wanted = (host, str(info.get("port") or "5432").split(",")[0],
              str(info.get("dbname") or user), user)
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = _pgpass_fields(line)
        if len(fields) >= 5 and all(f in ("*", w) for f, w in zip(fields[:4], wanted,
                                                                  strict=True)):
            return fields[4]
    return None


def _pgpass_fields(line: str) -> list[str]:
    fields: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == ":" and len(fields) == 4:
            break  # libpq ends the password at an unescaped ':'
        elif char == ":":
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields


def pgpass_line(host: str, port: int, user: str, password: str, database: str = "*") -> str:
    """One password-file line (`:` and `\\` escaped as libpq expects)."""
    def esc(value: str) -> str:
        return value.replace("\\", "\\\\").replace(":", "\\:")

    return f"{esc(host)}:{port}:{esc(database)}:{esc(user)}:{esc(password)}\n"


def _os_user() -> str:
    import getpass

    return getpass.getuser()


class RedactingFilter(logging.Filter):
    """A handler filter that passes every log line through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        return True


def redact_logs() -> None:
    """Redact every line the root logger's handlers write (call after `basicConfig`)."""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
