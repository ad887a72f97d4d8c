"""Every command shown in README.md and docs/*.md runs, as written, against a real stack.

Fenced blocks labelled `sh` are commands. The `sh` blocks of one page run in order as one bash
script (`set -euo pipefail`, so any failing command fails the page), in a scratch folder that
looks like a fresh checkout (the project's files linked, `routes.yaml` copied so stage changes
never touch the real one), against a stack of this module's own (own state dir, own ports). The
only rewriting is of the well-known ports a page uses (8079-8082), which become free ones.

Blocks labelled `text` are synopses (placeholders such as `[--json]` or `a|b`), not commands. An
`sh` block right after `<!-- docs-test: skip: REASON -->` is not run, and the reason is
required. A block with no label or a shell label other than `sh` (`bash`, `shell`, `console`,
...) is an error, as is any other label on a block that holds a `strangler` or `make` command,
so a new command cannot slip into the docs without being run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from strangler.stack.process import free_port
from strangler.stack.settings import COMPONENTS, PORT_ENV
from tests.conftest import make_state_dir

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WELL_KNOWN_PORTS = ("8079", "8080", "8081", "8082")
_FENCE = re.compile(r"^```(\S*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
_SKIP = re.compile(r"<!--\s*docs-test:\s*skip:\s*(\S[^>]*?)\s*-->\s*$")
_COMMAND = re.compile(r"^\s*(\$\s*)?(\.venv/bin/)?(strangler|make)\b", re.M)
_SHELLS = {"", "bash", "shell", "console", "zsh", "shell-session", "sh-session"}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    label: str
    text: str
    skip_reason: str | None

    def __str__(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    source = page.read_text()
    found = []
    for match in _FENCE.finditer(source):
        before = source[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        skip = _SKIP.search(before)
        found.append(Block(page, source.count("\n", 0, match.start()) + 1, match.group(1),
                           match.group(2), skip.group(1) if skip else None))
    return found


def test_every_command_block_is_labelled() -> None:
    unlabelled = [f"{block} (label {block.label or 'none'!r})"
                  for page in PAGES for block in blocks(page)
                  if block.label in _SHELLS
                  or (block.label not in ("sh", "text") and _COMMAND.search(block.text))]
    assert not unlabelled, ("blocks with commands must be `sh` (run by tests/test_docs.py) or "
                            f"`text` (a synopsis): {unlabelled}")


def test_skipped_blocks_say_why() -> None:
    for page in PAGES:
        for block in blocks(page):
            if block.skip_reason is not None:
                assert len(block.skip_reason) > 10, f"{block}: the skip reason is too short"


@pytest.fixture(scope="module")
def docs_env() -> Iterator[dict[str, str]]:
    """A stack of this module's own: its state dir and ports, torn down at the end."""
    state_dir = make_state_dir("strangler-docs-")
    env = {key: value for key, value in os.environ.items() if not key.startswith("STRANGLER_")}
    env.update({PORT_ENV[name]: str(free_port()) for name in COMPONENTS})
    env["STRANGLER_STATE_DIR"] = str(state_dir)
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}:{env.get('PATH', '')}"
    try:
        yield env
    finally:
        subprocess.run([str(ROOT / ".venv" / "bin" / "strangler"), "stack", "down"],
                       env=env, capture_output=True, timeout=180)
        shutil.rmtree(state_dir, ignore_errors=True)


def checkout_like(folder: Path, ports: dict[str, str]) -> None:
    """A folder that looks like a fresh clone: links to the project, a copy of routes.yaml."""
    for entry in ROOT.iterdir():
        if entry.name in {"routes.yaml", ".strangler", ".git"} or entry.name.endswith(".log"):
            continue
        (folder / entry.name).symlink_to(entry)
    (folder / "routes.yaml").write_text(with_ports((ROOT / "routes.yaml").read_text(), ports))


def with_ports(text: str, ports: dict[str, str]) -> str:
    return re.sub(r"(?<![\d.])(" + "|".join(ports) + r")(?!\d)",
                  lambda m: ports[m.group(1)], text)


def run_page(page: Path, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    ports = {port: str(free_port()) for port in WELL_KNOWN_PORTS}
    checkout_like(tmp_path, ports)
    script = "\n".join(with_ports(block.text, ports) for block in blocks(page)
                       if block.label == "sh" and block.skip_reason is None)
    # Background jobs a page starts (apps, gateway) are ended with the script.
    prelude = "set -euo pipefail\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n"
    return subprocess.run(["bash", "-c", prelude + script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=540)


def _runs_commands(page: Path) -> bool:
    return any(b.label == "sh" and b.skip_reason is None for b in blocks(page))


# README first: its walk-through starts with `make demo`, which the other pages build on.
RUN_ORDER = [page for page in PAGES if _runs_commands(page)]


@pytest.mark.stack
@pytest.mark.parametrize("page", RUN_ORDER, ids=lambda page: page.name)
def test_page_commands_run_as_written(page: Path, docs_env: dict[str, str],
                                      tmp_path: Path) -> None:
    result = run_page(page, docs_env, tmp_path)
    logs = "".join(f"\n--- {log.name}\n{log.read_text()[-2000:]}"
                   for log in sorted(tmp_path.glob("*.log")))
    assert result.returncode == 0, (
        f"{page.name}: a command failed (exit {result.returncode})\n--- stdout\n"
        f"{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}{logs}")
    password = _stack_password(docs_env)
    assert password is None or password not in result.stdout + result.stderr, (
        f"{page.name}: the database password was printed")
    if page.name == "README.md":
        served = re.findall(r'"served_by": ?"([\w-]+)"', result.stdout)
        assert served[:1] == ["monolith"] and "inventory-service" in served, (
            f"README: reads should move from the monolith to the service: {served}")
        assert re.search(r"^gateway_requests_total\{", result.stdout, re.M), result.stdout


def _stack_password(env: dict[str, str]) -> str | None:
    state = Path(env["STRANGLER_STATE_DIR"]) / "stack.json"
    if not state.exists():
        return None
    value = json.loads(state.read_text()).get("password")
    return str(value) if value else None
