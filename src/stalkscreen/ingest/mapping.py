"""The mapping file: how a force's own export becomes the canonical files (contract, "Mapping file").

Validated strictly: an unknown key, table, column or offence code is reported with the file and
line. Scalars are read as the text written in the file (so `01` stays `01` and `yes` stays `yes`).
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from stalkscreen.errors import StalkscreenError
from stalkscreen.ingest.spec import TABLES
from stalkscreen.reference.files import read_yaml
from stalkscreen.reference.offences import Catalogue, normalise_code

TOP_KEYS = {"version", "name", "encoding", "delimiter", "files", "tables", "offence_codes"}
TABLE_KEYS = {"columns", "date_format", "date_formats", "values"}
DATE_TYPES = {"timestamp", "date"}


@dataclass
class TableMapping:
    columns: dict[str, str] = field(default_factory=dict)   # source column -> canonical column
    date_format: str | None = None
    date_formats: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def format_for(self, column: str) -> str | None:
        return self.date_formats.get(column, self.date_format)


@dataclass
class Mapping:
    path: Path | None = None
    name: str | None = None
    encoding: str = "utf-8"
    delimiter: str = ","
    files: dict[str, str] = field(default_factory=dict)      # file stem -> canonical table
    tables: dict[str, TableMapping] = field(default_factory=dict)
    offence_codes: dict[str, str] = field(default_factory=dict)  # normalised local -> catalogue code
    content_hash: str | None = None

    def table(self, name: str) -> TableMapping:
        return self.tables.get(name) or TableMapping()


class _Reader:
    """Walks the YAML node tree, raising `file:line: problem` on the first fault."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node: yaml.Node, problem: str) -> StalkscreenError:
        return StalkscreenError(f"{self.path}:{node.start_mark.line + 1}: {problem}",
                                hint="see docs/data-contract.md, section \"Mapping file\"")

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        return node.value

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.value == "" and node.tag.endswith(":null"):
            raise self.fail(node, f"{what} must be a single value")
        return node.value

    def pairs(self, node: yaml.Node, what: str) -> list[tuple[str, str, yaml.Node]]:
        return [(self.scalar(k, f"a key of {what}"), self.scalar(v, f"the value for '{k.value}' in {what}"), k)
                for k, v in self.mapping(node, what)]


def load(path: str | Path, catalogue: Catalogue) -> Mapping:
    path = Path(path)
    data, root = read_yaml(path)
    r = _Reader(path)
    if root is None:
        raise StalkscreenError(f"{path}: the mapping file is empty", hint="start with `version: 1`")
    mapping = Mapping(path=path, content_hash=hashlib.sha256(path.read_bytes()).hexdigest())
    seen = {}
    for key_node, value in r.mapping(root, "the mapping file"):
        key = key_node.value
        if key not in TOP_KEYS:
            raise r.fail(key_node, f"unknown key '{key}'; allowed: {', '.join(sorted(TOP_KEYS))}")
        seen[key] = key_node
        if key == "version":
            if r.scalar(value, "version") != "1":
                raise r.fail(value, f"unsupported mapping version '{value.value}'; this stalkscreen reads version 1")
        elif key == "name":
            mapping.name = r.scalar(value, "name")
        elif key == "encoding":
            mapping.encoding = _encoding(r, value)
        elif key == "delimiter":
            mapping.delimiter = r.scalar(value, "delimiter").replace("\\t", "\t")
            if len(mapping.delimiter) != 1:
                raise r.fail(value, f"delimiter must be one character, not '{value.value}'")
        elif key == "files":
            mapping.files = _files(r, value)
        elif key == "tables":
            mapping.tables = {name: _table(r, name, k, v) for name, k, v in _table_nodes(r, value)}
        elif key == "offence_codes":
            mapping.offence_codes = _offence_codes(r, value, catalogue)
    if "version" not in seen:
        raise r.fail(root, "missing `version: 1`")
    return mapping


def _encoding(r: _Reader, node: yaml.Node) -> str:
    name = r.scalar(node, "encoding")
    try:
        codecs.lookup(name)
    except LookupError:
        raise r.fail(node, f"unknown encoding '{name}' (e.g. utf-8, cp1252, latin-1)") from None
    return name


def _files(r: _Reader, node: yaml.Node) -> dict[str, str]:
    files = {}
    for stem, table, key_node in r.pairs(node, "files"):
        if table not in TABLES:
            raise r.fail(key_node, f"files: '{stem}' names table '{table}', which is not a canonical table "
                                   f"({', '.join(TABLES)})")
        files[stem] = table
    return files


def _table_nodes(r: _Reader, node: yaml.Node):
    for key_node, value in r.mapping(node, "tables"):
        name = r.scalar(key_node, "a table name")
        if name not in TABLES:
            raise r.fail(key_node, f"unknown table '{name}'; canonical tables: {', '.join(TABLES)}")
        yield name, key_node, value


def _column(r: _Reader, table: str, name: str, node: yaml.Node, types: set[str] | None = None) -> str:
    spec = TABLES[table]
    if name not in spec.column_names:
        raise r.fail(node, f"'{name}' is not a column of {table}; its columns: {', '.join(spec.column_names)}")
    if types and spec.column(name).type not in types:
        raise r.fail(node, f"{table}.{name} is not a date or timestamp column")
    return name


def _date_format(r: _Reader, node: yaml.Node, text: str) -> str:
    if "%" not in text:
        raise r.fail(node, f"date format '{text}' has no strptime codes (e.g. \"%d/%m/%Y %H:%M\")")
    return text


def _table(r: _Reader, table: str, key_node: yaml.Node, node: yaml.Node) -> TableMapping:
    result = TableMapping()
    for k, v in r.mapping(node, f"tables.{table}"):
        if k.value not in TABLE_KEYS:
            raise r.fail(k, f"unknown key '{k.value}' in tables.{table}; allowed: {', '.join(sorted(TABLE_KEYS))}")
        if k.value == "columns":
            for source, canonical, n in r.pairs(v, f"tables.{table}.columns"):
                if canonical in result.columns.values():
                    raise r.fail(n, f"two source columns map to {table}.{canonical}")
                result.columns[source] = _column(r, table, canonical, n)
        elif k.value == "date_format":
            result.date_format = _date_format(r, v, r.scalar(v, "date_format"))
        elif k.value == "date_formats":
            for column, fmt, n in r.pairs(v, f"tables.{table}.date_formats"):
                result.date_formats[_column(r, table, column, n, DATE_TYPES)] = _date_format(r, n, fmt)
        elif k.value == "values":
            for column_node, inner in r.mapping(v, f"tables.{table}.values"):
                column = _column(r, table, r.scalar(column_node, "a column name"), column_node)
                result.values[column] = {s: t for s, t, _ in r.pairs(inner, f"tables.{table}.values.{column}")}
    return result


def _offence_codes(r: _Reader, node: yaml.Node, catalogue: Catalogue) -> dict[str, str]:
    codes = {}
    for local, target, n in r.pairs(node, "offence_codes"):
        known = catalogue.get(target)
        if known is None:
            raise r.fail(n, f"offence_codes: '{local}' maps to '{target}', which is not in the offence catalogue",
                         ) from None
        codes[normalise_code(local)] = known.code
    return codes
