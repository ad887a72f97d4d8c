"""DSN validation, redaction and the password file (`strangler.dsn`): pure, table-driven.

Redaction is checked through `cdc.endpoints.redact`, the name the CDC code has always used.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cdc.endpoints import redact
from strangler.dsn import DsnError, check, password_for, pgpass_line

SECRET = "Zq7secret"

REDACTED = [
    # (text, what must survive)
    (f"postgresql://app:{SECRET}@db.local:5432/shop", "postgresql://app:***@db.local:5432/shop"),
    (f"postgresql://app:p@ss{SECRET}@db.local/shop", "postgresql://app:***@db.local/shop"),
    (f"postgresql://app:a/b{SECRET}@db.local/shop", "postgresql://app:***@db.local/shop"),
    (f"postgresql://app:{SECRET}%40x%2Fy@db.local/shop", "postgresql://app:***@db.local/shop"),
    (f"postgres://app:{SECRET}:colon@h/d", "postgres://app:***@h/d"),
    (f"host=h password='a b {SECRET}' user=app", "host=h password='***' user=app"),
    (f"host=h password='it\\'s {SECRET}' user=app", "host=h password='***' user=app"),
    (f"host=h password={SECRET} user=app", "host=h password=*** user=app"),
    (f"host=h PASSWORD = {SECRET}", "host=h PASSWORD = ***"),
    (f"postgresql://app@h/d?password={SECRET}&sslmode=disable",
     "postgresql://app@h/d?password=***&sslmode=disable"),
    (f"postgresql://app@h/d?sslmode=disable&password={SECRET}",
     "postgresql://app@h/d?sslmode=disable&password=***"),
    (f"Connector config {{name=x, database.password={SECRET}, database.user=app}} contains no "
     "connector type", "database.password=***, database.user=app}"),
    (f'{{"database.password": "{SECRET}", "database.user": "app"}}',
     '"database.password": "***", "database.user": "app"'),
    (f"sslpassword={SECRET} oauth_client_secret={SECRET}x",
     "sslpassword=*** oauth_client_secret=***"),
    (f'could not connect with "postgresql://app:{SECRET}@h/d": refused',
     'could not connect with "postgresql://app:***@h/d": refused'),
]


@pytest.mark.parametrize("text,kept", REDACTED)
def test_redact_masks_every_spelling_of_a_password(text: str, kept: str) -> None:
    out = redact(text)
    assert SECRET not in out and kept in out


@pytest.mark.parametrize("text", [
    'FATAL:  password authentication failed for user "strangler"',
    "postgresql://app@db.local:5432/shop",
    "http://127.0.0.1:8083/connectors/inventory-forward/config",
    "host=h user=app dbname=shop",
])
def test_redact_leaves_text_without_a_password_alone(text: str) -> None:
    assert redact(text) == text


def test_a_checked_password_is_masked_wherever_it_appears_later() -> None:
    password = "Odd,Pw}ends here"
    check(f"postgresql://app:{password.replace(' ', '%20').replace(',', '%2C')}@h/d",
          "STRANGLER_X_DSN")
    # e.g. Kafka Connect quoting a config as a Java map, where ',' and '}' end a value
    leaked = f"Connector config {{database.password={password}, x=y}}"
    assert "Odd" not in redact(leaked) and "ends here" not in redact(leaked)


HOSTILE = [
    # (DSN, fragments of its password that must never be shown, what the message says)
    ("postgresql://app:pa%zzss@127.0.0.1:1/db", ["pa%zzss", "zzss"], "%-escape"),
    ("postgresql://app:pa%00ss@127.0.0.1:1/db", ["pa%00ss"], "%-escape"),
    ("postgresql://app:p@ss@127.0.0.1:1/db", ["ss@127"], "unencoded '@'"),
    ("postgresql://app:pa/ss@127.0.0.1:1/db", ["pa/ss", "ss@"], "unencoded '/'"),
    ("postgresql://app:pa#ss@127.0.0.1:1/db", ["pa#ss", "ss@"], "unencoded '/'"),
    ("postgresql://app:a bc@127.0.0.1:1/db", ["a bc"], "whitespace"),
    ("postgresql://app:secretpw@127.0.0.1:notaport/db", ["secretpw", "notaport"], "port"),
    ("postgresql://app:secretpw@127.0.0.1:65536/db", ["secretpw"], "port is not a number"),
    ("host=h port=0 password=secretpw", ["secretpw"], "port is not a number"),
    ("host=x password=se cret", ["cret", "se cret"], "libpq cannot parse"),
    ("host=x password=ab cd=ef", ["cd", "ab"], "libpq cannot parse"),
    ("host=x port=1 password='opEn9ed", ["opEn9ed"], "libpq cannot parse"),
    ("postgresql://app@127.0.0.1:1/db?password=qwerty&b&c", ["qwerty"], "libpq cannot parse"),
    ("mysql://app:hunter22@h/db", ["hunter22"], "unsupported scheme mysql://"),
    ("not a dsn", [], "not a PostgreSQL DSN"),
    ("   ", [], "is empty"),
]


@pytest.mark.parametrize("dsn,fragments,says", HOSTILE)
def test_malformed_dsn_is_named_by_its_source_never_quoted(dsn: str, fragments: list[str],
                                                           says: str) -> None:
    with pytest.raises(DsnError) as caught:
        check(dsn, "STRANGLER_MONOLITH_DSN")
    message = str(caught.value)
    assert message.startswith("STRANGLER_MONOLITH_DSN: ") and says in message
    assert caught.value.exit_code == 2
    for fragment in fragments:
        assert fragment not in message


@pytest.mark.parametrize("dsn,want", [
    ("postgresql://app:p%40ss@h:5432/db", "postgresql://app:p%40ss@h:5432/db"),
    ("postgresql+psycopg://app@h/db", "postgresql://app@h/db"),
    ("postgres://app@h/db?sslmode=disable", "postgresql://app@h/db?sslmode=disable"),
    ("host=h port=5432 password='a b' dbname=db", "host=h port=5432 password='a b' dbname=db"),
    ("postgresql://[::1]:5432/db", "postgresql://[::1]:5432/db"),
    ("postgresql://app@h:65535/db", "postgresql://app@h:65535/db"),
    ("host=h port=1", "host=h port=1"),
])
def test_well_formed_dsns_pass(dsn: str, want: str) -> None:
    assert check(dsn, "X") == want


def test_url_only_refuses_key_value_strings() -> None:
    with pytest.raises(DsnError, match="--dsn: must be a postgresql://"):
        check("host=h password=hunter22", "--dsn", url_only=True)


@pytest.fixture
def passfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pgpass"
    path.write_text("# comment\n"
                    + pgpass_line("127.0.0.1", 5433, "app", "svc:pw\\x")
                    + "127.0.0.1:5432:monolith:app:mono-pw\n"
                    + "*:*:*:other:wild-pw\n")
    path.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(path))
    monkeypatch.delenv("PGPASSWORD", raising=False)
    return path


@pytest.mark.parametrize("info,want", [
    ({"host": "127.0.0.1", "port": "5433", "user": "app", "dbname": "inventory"}, "svc:pw\\x"),
    ({"host": "127.0.0.1", "port": "5432", "user": "app", "dbname": "monolith"}, "mono-pw"),
    ({"host": "127.0.0.1", "port": "5432", "user": "app", "dbname": "other"}, None),
    ({"host": "elsewhere", "user": "other"}, "wild-pw"),
    ({"host": "127.0.0.1", "port": "5432", "user": "app", "password": "own"}, "own"),
])
def test_password_for_reads_the_password_file_like_libpq(passfile: Path, info: dict[str, str],
                                                         want: str | None) -> None:
    assert password_for(info) == want


def test_password_file_readable_by_others_is_ignored_like_libpq(passfile: Path) -> None:
    os.chmod(passfile, 0o644)
    assert password_for({"host": "127.0.0.1", "port": "5432", "user": "app",
                         "dbname": "monolith"}) is None
