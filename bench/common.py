"""Shared set-up for the CDC benchmarks: a private local stack on ephemeral ports."""

from __future__ import annotations

import shutil
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from strangler.stack.process import free_port
from strangler.stack.runner import LocalStack
from strangler.stack.settings import COMPONENTS, StackSettings


@contextmanager
def private_stack() -> Iterator[LocalStack]:
    state = Path(tempfile.mkdtemp(prefix="strangler-bench-", dir="/tmp"))
    state.chmod(0o755)
    stack = LocalStack(StackSettings(state_dir=state,
                                     requested_ports={c: free_port() for c in COMPONENTS}))
    try:
        stack.up(say=lambda m: None)
        yield stack
    finally:
        stack.down(say=lambda m: None)
        shutil.rmtree(state, ignore_errors=True)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
