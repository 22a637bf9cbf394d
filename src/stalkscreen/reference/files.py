"""Reading versioned reference files, with faults reported by file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from stalkscreen.errors import StalkscreenError


def read_yaml(path: Path | str, text: str | None = None) -> tuple[Any, yaml.Node]:
    """The parsed data and its node tree (for line numbers). A syntax error names the line."""
    path = Path(path)
    try:
        text = text if text is not None else path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StalkscreenError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise StalkscreenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    # libyaml's loader where installed (many times faster on the lexicon), parsed once: the node
    # tree for line numbers, the data built from it.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise StalkscreenError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    finally:
        loader.dispose()
    return data, node


def line_of(node: yaml.Node | None, *keys: str | int) -> int | None:
    """1-based line of the value at keys inside node, or of the nearest parent found."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def fault(path: Path | str, node: yaml.Node | None, keys: tuple, problem: str) -> StalkscreenError:
    line = line_of(node, *keys)
    where = f"{path}:{line}" if line else str(path)
    return StalkscreenError(f"{where}: {problem}")


def require_version(path: Path | str, data: Any, node: yaml.Node) -> str:
    if not isinstance(data, dict):
        raise fault(path, node, (), "expected a mapping at the top of the file")
    version = data.get("version")
    if version in (None, ""):
        raise fault(path, node, (), "missing `version`; every reference file states its version")
    return str(version)
