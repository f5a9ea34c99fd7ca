"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every value is read with the line it sits on, so a validation error can name
`path:line`. YAML timestamps are NOT resolved: dates stay text and are parsed by the
schema, which gives a better message than PyYAML and applies the +07:00 default.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml is much faster; the pure-Python loader gives the same results
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Most values are plain text whose first character no implicit type (number,
        # boolean, null, …) can start with: answer without trying every pattern.
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _IMPLICIT_FIRST:
            return _STR
        return super().resolve(kind, value, implicit)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_IMPLICIT_FIRST = frozenset(first for first, resolvers in _Loader.yaml_implicit_resolvers.items() if resolvers)


class FrontMatterError(ValueError):
    """The front matter cannot be read at all (no `---`, YAML syntax error, not a mapping)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class FrontMatter:
    """Front matter values, the line of each (dotted keys for nested ones), and the body."""

    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts


def split(text: str) -> tuple[str, int, str, int]:
    """Return (yaml_text, yaml_first_line, body, body_first_line); lines are 1-based."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError(
            1,
            "no front matter: the file must start with a line '---', then the fields "
            "(title, date, category, …), then a line '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, 2, body, index + 2
    raise FrontMatterError(
        1, "front matter is not closed: add a line '---' after the last field, before the text"
    )


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    hint = ""
    if "mapping values are not allowed" in problem:
        hint = " Put the value in double quotes if it contains ': '."
    elif "found character '\\t'" in problem:
        hint = " Indent with spaces, not tabs."
    elif "could not find expected ':'" in problem:
        hint = " Each field is 'name: value' on its own line."
    return f"{problem}.{hint}" if hint else problem


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse a YAML document; return (value, lines) where `lines` maps every mapping key
    ("image.src", "[2].children[0].key") and list item ("tags[1]") to its 1-based line.

    Raises FrontMatterError with the line of a syntax error or a repeated key.
    """
    loader = _Loader(text)
    lines: dict[str, int] = {}
    try:
        node = loader.get_single_node()
        if node is None:
            return None, lines
        return _construct(loader, node, "", first_line, lines), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else 1
        raise FrontMatterError(
            line, f"YAML syntax error at column {column}: {_describe_yaml_error(exc)}"
        ) from None
    finally:
        loader.dispose()


def load_registry_list(path: str, missing: str) -> tuple[list[Any], dict[str, int], list[tuple[int, str]]]:
    """Read a registry file (a YAML list of entries): (entries, lines, [(line, problem)]).

    `missing` is the message for a file that does not exist. Text is normalised to NFC.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = unicodedata.normalize("NFC", handle.read())
    except FileNotFoundError:
        return [], {}, [(0, missing)]
    except (OSError, UnicodeDecodeError) as exc:
        return [], {}, [(0, f"cannot be read as UTF-8 text ({exc})")]
    try:
        data, lines = load_yaml(text)
    except FrontMatterError as exc:
        return [], {}, [(exc.line, exc.message)]
    if not isinstance(data, list) or not data:
        shown = "nothing" if not data else type(data).__name__
        return [], {}, [(1, f"expected a list of entries (- key: …, name: …), got {shown}")]
    return data, lines, []


def parse(text: str) -> FrontMatter:
    """Parse the whole file. Raises FrontMatterError with the line of the problem."""
    yaml_text, first_line, body, body_line = split(text)
    data, lines = load_yaml(yaml_text, first_line)
    if data is None:
        raise FrontMatterError(1, "front matter is empty: add the fields title, date, category, …")
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter must be a list of 'name: value' fields")
    return FrontMatter(data=data, lines=lines, body=body, body_line=body_line)


def _construct(loader: Any, node: Any, prefix: str, first_line: int, lines: dict[str, int]) -> Any:
    """Build Python values from the node tree, recording the line of every mapping key."""
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_construct(loader, key_node, "", first_line, {}))
            path = f"{prefix}.{key}" if prefix else key
            line = first_line + key_node.start_mark.line
            if key in result:
                raise FrontMatterError(
                    line, f"{path}: field given twice (first on line {lines[path]}); keep one"
                )
            lines[path] = line
            result[key] = _construct(loader, value_node, path, first_line, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for position, item in enumerate(node.value):
            path = f"{prefix}[{position}]"
            lines[path] = first_line + item.start_mark.line
            items.append(_construct(loader, item, path, first_line, lines))
        return items
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value  # the common case, without the constructor's bookkeeping
    return loader.construct_object(node, deep=True)
