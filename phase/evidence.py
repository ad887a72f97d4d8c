"""Evidence bundles: one JSON file per gate evaluation, written atomically, loaded by id.

Owns the bundle format (schema `strangler.phase-evidence/1`: keys are only ever added) and the
evidence directory. Guarantees:

* `write()` creates `<dir>/<id>.json` through a temporary file in the same directory, fsync
  and `os.replace`, so a reader sees a whole bundle or none; a bundle is never rewritten;
* ids are `<UTC timestamp>-<context>-<8 hex>`: unique, sortable by time, and safe as file
  names; `load()` accepts nothing else, so an id can never name a file outside the directory;
* a bundle holds the inputs (measurements), the thresholds, every gate's verdict, the fence
  LSNs, the verification summary, the config version and hash, and the plan of the change;
  no secret: measurements carry upstream URLs (no credentials: config.py refuses them), never
  DSNs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any

from gateway.config import GateThresholds
from gateway.stages import Stage
from phase.errors import EvidenceNotFound, EvidenceUnreadable
from phase.gates import GateResult, Measurements
from phase.plan import plan

__all__ = ["SCHEMA", "bundle", "config_hash", "latest", "load", "new_id", "write"]

SCHEMA = "strangler.phase-evidence/1"
_ID = re.compile(r"^\d{8}T\d{6}Z-[a-z][a-z0-9_-]{0,62}-[0-9a-f]{8}$")


def new_id(context: str, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    return f"{now.strftime('%Y%m%dT%H%M%SZ')}-{context}-{secrets.token_hex(4)}"


def config_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _fences(m: Measurements) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, lag in (("forward", m.forward_lag), ("reverse", m.reverse_lag)):
        if lag is not None and lag.fences:
            out[name] = {"last_applied_lsn": lag.fences[-1][0],
                         "observed": [lsn for lsn, _ in lag.fences]}
    if m.verification is not None:
        out["verification"] = dict(m.verification.fence_lsns)
    return out


def bundle(*, evidence_id: str, context: str, old: Stage, new: Stage, actor: str,
           reason: str, force: bool, allowed: bool, results: tuple[GateResult, ...],
           measurements: Measurements, thresholds: GateThresholds, config_version: str,
           config_text: str, dry_run: bool = False) -> dict[str, Any]:
    """The bundle of one evaluation (pure)."""
    v = measurements.verification
    decision = "allowed" if allowed else "forced" if force else "refused"
    return {
        "schema": SCHEMA, "id": evidence_id,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "context": context, "transition": {"from": old.value, "to": new.value},
        "actor": actor, "reason": reason, "force": force, "dry_run": dry_run,
        "decision": decision,
        "gates": [r.as_dict() for r in results],
        "thresholds": thresholds.model_dump(mode="json"),
        "inputs": measurements.as_dict(),
        "fences": _fences(measurements),
        "verification": None if v is None else {
            "verdict": v.verdict, "persistent": v.persistent, "in_flight": v.in_flight,
            "tables": v.tables, "age_seconds": round(v.age_seconds, 3),
            "first_keys": list(v.first_keys), "error": v.error},
        "config": {"version": config_version, "sha256": config_hash(config_text)},
        "plan": list(plan(context, old, new)),
    }


def write(directory: str | Path, data: dict[str, Any]) -> Path:
    """Write a bundle atomically as `<directory>/<id>.json`; returns its path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{data['id']}.json"
    payload = (json.dumps(data, indent=2, sort_keys=True, default=str) + "\n").encode()
    fd, tmp = tempfile.mkstemp(prefix=".evidence-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a crash
    finally:
        os.close(dir_fd)
    return final


def load(directory: str | Path, evidence_id: str) -> dict[str, Any]:
    """The bundle `evidence_id`; EvidenceNotFound for an unknown or malformed id."""
    if not _ID.match(evidence_id):
        raise EvidenceNotFound(f"{evidence_id!r} is not an evidence id "
                               "(like 20261129T140000Z-inventory-1a2b3c4d)")
    path = Path(directory) / f"{evidence_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvidenceNotFound(f"no evidence bundle {evidence_id} in {directory}") from None
    except (OSError, ValueError) as exc:
        raise EvidenceUnreadable(f"evidence bundle {path} cannot be read: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise EvidenceUnreadable(f"{path} is not a {SCHEMA} bundle")
    return data


def latest(directory: str | Path, context: str | None = None) -> list[str]:
    """Ids of the bundles in `directory` (of `context`), newest first."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    ids = [p.stem for p in folder.glob("*.json") if _ID.match(p.stem)]
    if context is not None:
        ids = [i for i in ids if i.split("-", 1)[1].rsplit("-", 1)[0] == context]
    return sorted(ids, reverse=True)
