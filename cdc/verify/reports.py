"""Renderings of a `VerifyResult` for machines and people: JSON, JUnit XML, Markdown.

* JSON: `VerifyResult.as_dict()` (stable keys, schema `strangler.verify/1`, docs/verify.md);
* JUnit XML: one `<testcase>` per table; a table with persistent differences fails and its
  failure text lists the differing keys by class (the first `limit` of each), a table that
  could not be compared is an `<error>`; in-flight differences go to `<system-out>`;
* Markdown: one summary table a person reads on a CI job page, then the persistent keys;
* with `--repair`, each rendering adds the repair: its plan (dry run) or its outcome.

Values appear only when the pass ran with `show_values`; otherwise keys and column names only.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from cdc.verify.bisect import KINDS
from cdc.verify.result import Difference, TableResult, VerifyResult

__all__ = ["repair_lines", "to_json", "to_junit", "to_markdown", "write"]

LIMIT = 20  # keys listed per class and table


def to_json(result: VerifyResult) -> str:
    return json.dumps(result.as_dict(), indent=2, default=str) + "\n"


def _line(diff: Difference, show_values: bool) -> str:
    text = diff.key_label()
    if diff.columns:
        text += " (columns: " + ", ".join(
            s if s == t else f"{s} -> {t}"
            for s, t in zip(diff.columns, diff.target_columns, strict=True)) + ")"
    if show_values and diff.values:
        text += " " + json.dumps(diff.values, default=str)
    return text


def listing(table: TableResult, persistent: bool, show_values: bool,
            limit: int = LIMIT) -> list[str]:
    """Lines naming the differing keys, grouped by class, at most `limit` per class."""
    lines: list[str] = []
    chosen = table.persistent if persistent else table.in_flight
    for kind in KINDS:
        of_kind = [d for d in chosen if d.kind == kind]
        if not of_kind:
            continue
        lines.append(f"{kind} ({len(of_kind)}):")
        lines += [f"  {_line(d, show_values)}" for d in of_kind[:limit]]
        if len(of_kind) > limit:
            lines.append(f"  ... and {len(of_kind) - limit} more")
    return lines


def state_lines(table: TableResult) -> list[str]:
    """What the pass did with the stored range checksums, when there is something to say."""
    lines = []
    if table.mode == "resume":
        lines.append(f"resumed an unfinished full pass: {table.ranges_reused} range(s) reused, "
                     f"{table.ranges_total - table.ranges_reused} hashed")
    if table.fallback_reason:
        lines.append(f"full pass, the stored range checksums not used: "
                     f"{table.fallback_reason}")
    if table.state_note:
        lines.append(table.state_note)
    return lines


def _keys(diffs: list[Difference], limit: int) -> str:
    shown = "; ".join(d.key_label() for d in diffs[:limit])
    return shown + (f"; ... and {len(diffs) - limit} more" if len(diffs) > limit else "")


def repair_lines(repair: Any, show_values: bool, limit: int = LIMIT) -> list[str]:
    """The repair (a `repair.RepairReport`): its plan, or what it did and what is left."""
    if repair.empty:
        return ["repair: nothing to repair (no persistent differences)"]
    if not repair.applied:
        lines = ["repair plan (dry run, nothing written; --repair --apply carries it out):"]
    else:
        counts = {k: sum(t.repaired()[k] for t in repair.tables) for k in KINDS}
        left = sum(len(t.remaining) for t in repair.tables)
        lines = [f"repair applied ({repair.verdict}): repaired {counts['missing']} missing, "
                 f"{counts['extra']} extra, {counts['changed']} changed; {left} remaining; "
                 f"rows arrived in {repair.waited_s:.2f} s"
                 + (f"; re-verified at fence {repair.as_dict()['recheck_lsn_text']}"
                    if repair.recheck_lsn else "")]
        if repair.error:
            lines.append(f"  error: {repair.error}")
    for t in repair.tables:
        lines.append(f"  {t.source_table} -> {t.target_table}: re-sync {len(t.resync)} key(s) "
                     f"through the pipeline, delete {len(t.delete)} target-only row(s)")
        for kind in ("missing", "changed"):
            of_kind = [d for d in t.resync if d.kind == kind]
            if of_kind:
                lines.append(f"    re-sync ({kind}): {_keys(of_kind, limit)}")
        if t.delete:
            lines.append(f"    delete (extra): {_keys(t.delete, limit)}")
        if repair.applied:
            if t.resolved_before:
                lines.append(f"    resolved before the repair: {len(t.resolved_before)}")
            if t.delete_skipped:
                lines.append(f"    delete skipped (the key changed meanwhile): "
                             f"{len(t.delete_skipped)}")
            if t.remaining:
                lines.append(f"    still differing ({len(t.remaining)}):")
                lines += [f"      {d.kind} {_line(d, show_values)}" for d in t.remaining[:limit]]
    return lines


def _summary(table: TableResult) -> str:
    counts = table.counts(True)
    return ", ".join(f"{counts[k]} {k}" for k in KINDS)


def to_junit(result: VerifyResult, limit: int = LIMIT) -> str:
    tables = result.tables
    suites = ET.Element("testsuites", name="strangler verify")
    suite = ET.SubElement(
        suites, "testsuite", name=f"verify.{result.context}", tests=str(len(tables)),
        failures=str(sum(t.verdict == "differences" for t in tables)),
        errors=str(sum(t.verdict == "error" for t in tables)), skipped="0",
        time=f"{result.duration_s:.3f}", timestamp=result.started_at.isoformat())
    if result.error is not None:
        suite.set("errors", "1")
        suite.set("tests", "1")
        case = ET.SubElement(suite, "testcase", classname=f"verify.{result.context}",
                             name="verification pass", time=f"{result.duration_s:.3f}")
        ET.SubElement(case, "error", message=result.error, type="error")
    for table in tables:
        case = ET.SubElement(suite, "testcase", classname=f"verify.{result.context}",
                             name=f"{table.source_table} -> {table.target_table}",
                             time=f"{table.duration_s:.3f}")
        if table.verdict == "error":
            ET.SubElement(case, "error", message=table.error or "error", type="error")
        elif table.verdict == "differences":
            failure = ET.SubElement(
                case, "failure", type="differences",
                message=f"{len(table.persistent)} persistent difference(s): {_summary(table)}")
            failure.text = "\n".join(listing(table, True, result.show_values, limit))
        out = [f"{table.mode} pass; rows: source {table.source_rows}, target "
               f"{table.target_rows}; ranges {table.ranges_total} ({table.ranges_hashed} "
               f"hashed, {table.ranges_reused} reused, {table.ranges_differing} differing); "
               f"fence LSN {table.as_dict()['fence']['lsn_text']}", *state_lines(table)]
        if table.in_flight:
            out.append(f"in flight (resolved by the re-check): {len(table.in_flight)}")
            out += listing(table, False, result.show_values, limit)
        ET.SubElement(case, "system-out").text = "\n".join(out)
    if result.repair is not None and not result.repair.empty:
        repair = result.repair
        case = ET.SubElement(suite, "testcase", classname=f"verify.{result.context}",
                             name="repair", time=f"{repair.duration_s:.3f}")
        text = "\n".join(repair_lines(repair, result.show_values, limit))
        if repair.verdict == "error":
            ET.SubElement(case, "error", message=repair.error or "error", type="error").text = text
        elif repair.verdict == "differences":
            ET.SubElement(case, "failure", type="differences",
                          message="differences remain after the repair").text = text
        else:
            ET.SubElement(case, "system-out").text = text
        suite.set("tests", str(int(suite.get("tests", "0")) + 1))
        if repair.verdict in ("error", "differences"):
            which = "errors" if repair.verdict == "error" else "failures"
            suite.set(which, str(int(suite.get(which, "0")) + 1))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


_ICON = {"consistent": "✅ consistent", "differences": "❌ differences", "error": "⚠️ error"}
_REPAIRED = {"repaired": "✅ consistent", "differences": "❌ differences remain",
             "error": "⚠️ error", "planned": "planned"}


def to_markdown(result: VerifyResult, limit: int = LIMIT) -> str:
    heading = f"## Consistency of `{result.context}`: {_ICON[result.verdict]}"
    if result.repair is not None and result.repair.applied:
        heading += f", after the repair: {_REPAIRED[result.repair.verdict]}"
    lines = [heading, "",
             "| table | verdict | pass | rows (source / target) "
             "| ranges (hashed / reused / differing) "
             "| persistent (missing / extra / changed) | in flight | time | fence LSN |",
             "|---|---|---|---|---|---|---|---|---|"]
    for t in result.tables:
        p = t.counts(True)
        fence = t.as_dict()["fence"]["lsn_text"] or "-"
        lines.append(
            f"| `{t.source_table}` → `{t.target_table}` | {_ICON[t.verdict]} | {t.mode} | "
            f"{t.source_rows} / {t.target_rows} | {t.ranges_total} ({t.ranges_hashed} / "
            f"{t.ranges_reused} / {t.ranges_differing}) | {p['missing']} / {p['extra']} / "
            f"{p['changed']} | {len(t.in_flight)} | {t.duration_s:.2f} s | {fence} |")
    for t in result.tables:
        lines += [f"- `{t.source_table}`: {line}" for line in state_lines(t)]
    if result.error is not None:
        lines += ["", f"**The pass failed**: {result.error}"]
    for t in result.tables:
        if t.error:
            lines += ["", f"**`{t.source_table}`**: {t.error}"]
        elif t.persistent:
            lines += ["", f"**`{t.source_table}`**, persistent differences:", "", "```",
                      *listing(t, True, result.show_values, limit), "```"]
    if result.repair is not None:
        lines += ["", "### Repair", "", "```",
                  *repair_lines(result.repair, result.show_values, limit), "```"]
    if not result.show_values and any(t.persistent for t in result.tables):
        lines += ["", "Values are redacted; run with `--show-values` to see them."]
    return "\n".join(lines) + "\n"


def write(path: str | Path, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")
