"""YAML documents read together with where each value sits, so errors can name the line.

routes.yaml is read by the gateway (`gateway.config`) and by the CDC tools (`cdc.config`); both
report problems as a path inside the document plus its line. `parse` returns the plain data
(PyYAML's safe loader) and, for every path (`("contexts", "inventory", "sync", "tables", 0)`),
the value's line (1-based; for a mapping value, the line of its key) and its start and end
character offsets. Duplicate keys, which PyYAML would silently collapse, are refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

__all__ = ["DuplicateKey", "Locations", "Path", "format_path", "line_of", "parse"]

Path = tuple[str | int, ...]
Locations = dict[Path, tuple[int, int, int]]  # path -> (line, start index, end index)


class DuplicateKey(Exception):
    """A mapping holds the same key twice (callers translate it into their config error)."""

    def __init__(self, path: Path, line: int) -> None:
        super().__init__(f"duplicate key at line {line}")
        self.path = path
        self.line = line


def parse(text: str) -> tuple[Any, Locations] | None:
    """The document and its locations; None for an empty document.

    Raises `yaml.YAMLError` for invalid YAML and `DuplicateKey`.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        locations: Locations = {}
        _walk(node, (), locations)
        return loader.construct_document(node), locations
    finally:
        loader.dispose()


def line_of(locations: Mapping[Path, tuple[int, int, int]], path: Path) -> int | None:
    """The line of `path`, else of its nearest ancestor that is in the document."""
    for n in range(len(path), -1, -1):
        hit = locations.get(tuple(path[:n]))
        if hit:
            return hit[0]
    return None


def format_path(path: Path) -> str:
    """`("contexts", "inventory", "sync", "tables", 0, "source")` ->
    `contexts.inventory.sync.tables[0].source`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _walk(node: yaml.Node, path: Path, out: Locations) -> None:
    out[path] = (node.start_mark.line + 1, node.start_mark.index, node.end_mark.index)
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in keys:
                raise DuplicateKey((*path, key), key_node.start_mark.line + 1)
            keys.add(key)
            _walk(value_node, (*path, key), out)
            # errors point at the key's line (a block mapping's value starts on the next line)
            _, start, end = out[(*path, key)]
            out[(*path, key)] = (key_node.start_mark.line + 1, start, end)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), out)
