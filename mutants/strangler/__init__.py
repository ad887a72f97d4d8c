"""The strangler control package: CLI, local stack runner and (later) the phase controller."""

__version__ = "0.1.0"
