"""Pure helpers of the shared HTTP toolkit and the contract's request models."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sample_services.inventory.contract import AdjustRequest, QuantityRequest
from sample_services.web import _field_path, redact, sqlalchemy_url


@pytest.mark.parametrize("loc,want", [
    ((), ""),
    (("delta",), "delta"),
    (("lines", 3, "quantity"), "lines[3].quantity"),
    (("a", "b"), "a.b"),
])
def test_field_path(loc: tuple[int | str, ...], want: str) -> None:
    assert _field_path(loc) == want


@pytest.mark.parametrize("dsn,want", [
    ("postgresql://u:s3cr%40t@h:5/db", "postgresql://u:***@h:5/db"),
    ("postgresql://u@h/db", "postgresql://u@h/db"),
    ("postgresql://h/db", "postgresql://h/db"),
])
def test_redact(dsn: str, want: str) -> None:
    assert redact(dsn) == want


@pytest.mark.parametrize("dsn,want", [
    ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
    ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
])
def test_sqlalchemy_url(dsn: str, want: str) -> None:
    assert sqlalchemy_url(dsn) == want


def test_sqlalchemy_url_rejects_other_databases() -> None:
    with pytest.raises(ValueError):
        sqlalchemy_url("mysql://u:p@h/db")


@pytest.mark.parametrize("body", [
    {"item_id": 1, "delta": 0, "reason": "r"},
    {"item_id": True, "delta": 1, "reason": "r"},
    {"item_id": 1, "delta": 1.0, "reason": "r"},
    {"item_id": 2**63, "delta": 1, "reason": "r"},
    {"item_id": 1, "delta": 1, "reason": " \t"},
    {"item_id": 1, "delta": 1, "reason": "r", "extra": 1},
])
def test_adjust_request_is_strict(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        AdjustRequest.model_validate(body)


def test_valid_requests() -> None:
    assert AdjustRequest.model_validate({"item_id": 1, "delta": -5, "reason": "x"}).delta == -5
    assert QuantityRequest.model_validate({"quantity": 1_000_000}).quantity == 1_000_000


def test_settings_never_show_the_password() -> None:
    from sample_monolith.app import Settings as MonolithSettings
    from sample_services.inventory.app import Settings as InventorySettings

    for settings in (MonolithSettings(dsn="postgresql://u:hunter2@h/db"),
                     InventorySettings(dsn="postgresql://u:hunter2@h/db")):
        assert "hunter2" not in repr(settings) and "***" in repr(settings)
