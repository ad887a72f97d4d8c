"""The one exception tree of the `phase` package.

Every error raised on purpose derives from `PhaseError` and carries the CLI exit code it
implies (`exit_code`: 2 for a usage or config mistake, 3 for a measurement or file that could
not be taken or read). Messages never contain secrets (DSNs pass through `strangler.dsn.redact`).
"""

from __future__ import annotations

__all__ = ["EvidenceNotFound", "EvidenceUnreadable", "JournalBusy", "JournalCorrupt",
           "MeasurementError", "PhaseError", "StepFailed"]


class PhaseError(Exception):
    """Base of every error raised on purpose by the phase controller."""

    exit_code = 3

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MeasurementError(PhaseError):
    """A measurement could not be taken at all (the gate it feeds reports inconclusive)."""


class EvidenceNotFound(PhaseError):
    """No evidence bundle has this id (or the id is not a well-formed bundle id)."""

    exit_code = 2


class EvidenceUnreadable(PhaseError):
    """An evidence bundle exists but cannot be read or is not a bundle."""


class JournalBusy(PhaseError):
    """Another controller holds this context's switch journal."""


class JournalCorrupt(PhaseError):
    """A switch journal line that is not a torn last line does not parse."""


class StepFailed(PhaseError):
    """A switch step could not be carried out; the switch is undone, and this says why."""
