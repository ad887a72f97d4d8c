"""Per-module table of a mutation run: `mutmut results --all true | python <this file>`.

Reads mutmut's `    <module>.<mangled function>__mutmut_<n>: <status>` lines on stdin and
prints one Markdown row per module (mutants, killed, survived, no tests, other) plus a total,
the table docs/testing.md shows. Exit code 1 when a line cannot be read (mutmut changed its
output), 0 otherwise: survivors are reported, not a failure.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

# a mangled name is x_<function> or xǁ<Class>ǁ<method>
_LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+: (?P<status>.+?)\s*$")
COLUMNS = ("killed", "survived", "no tests")


def main() -> int:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in sys.stdin:
        if not line.strip():
            continue
        m = _LINE.match(line)
        if m is None:
            print(f"mutation_summary: cannot read mutmut's line {line.strip()!r}",
                  file=sys.stderr)
            return 1
        by_module[m["module"]][m["status"]] += 1
    rows = [(name.replace(".", "/") + ".py", counts) for name, counts in sorted(by_module.items())]
    total: Counter[str] = Counter()
    for _, counts in rows:
        total.update(counts)
    print("| module | mutants | killed | survived | no tests | other |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, counts in [*rows, ("**total**", total)]:
        other = sum(n for status, n in counts.items() if status not in COLUMNS)
        cells = [str(sum(counts.values())), *(str(counts[c]) for c in COLUMNS), str(other)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
