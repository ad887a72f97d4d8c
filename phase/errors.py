"""The phase controller's exceptions: one tree, rooted at `PhaseError`."""

from __future__ import annotations

__all__ = ["JournalBusy", "JournalCorrupt", "PhaseError", "StepFailed"]


class PhaseError(Exception):
    """Base of every phase controller error; the message is for people."""


class JournalBusy(PhaseError):
    """Another controller holds this context's switch journal."""


class JournalCorrupt(PhaseError):
    """A switch journal line that is not a torn last line does not parse."""


class StepFailed(PhaseError):
    """A switch step could not be carried out; the switch is undone, and this says why."""
