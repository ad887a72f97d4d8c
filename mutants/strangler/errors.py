"""The exception tree of the `strangler` package.

Every error a user can cause or fix carries a message that names what is wrong and, where there
is one, the command that fixes it. The CLI prints these without a stack trace and exits with
`exit_code`.
"""

from __future__ import annotations


class StranglerError(Exception):
    """Base of every error raised on purpose by this package."""

    exit_code = 3

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(StranglerError):
    """Bad input from the user: arguments, environment variables, config files."""

    exit_code = 2


class StackError(StranglerError):
    """The local stack could not be started, inspected or stopped."""


class MissingDependency(StackError):
    """A binary, jar or package the local stack needs is not on this machine."""


class PortInUse(StackError):
    """An explicitly requested port is held by a process this stack did not start."""
