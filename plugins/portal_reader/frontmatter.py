"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every value is read with the line it sits on, so a validation error can name
`path:line`. YAML timestamps are NOT resolved: dates stay text and are parsed by the
schema, which gives a better message than PyYAML and applies the +07:00 default.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from vietnamese.text import group_digits

from .controls import CONTROL_RE
from .controls import find as find_controls
from .controls import message as control_message
from .schema import LongNumber, describe

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
    """The front matter cannot be read at all (no `---`, YAML syntax error, not a mapping).

    `problems` lists every (line, message) found; `line` and `message` are the first.
    """

    def __init__(self, line: int, message: str, problems: list[tuple[int, str]] | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.problems = problems or [(line, message)]


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
            "không có phần đầu bài: tệp phải bắt đầu bằng một dòng '---', tiếp theo là các trường "
            "(title, date, category, …), rồi một dòng '---'",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, 2, body, index + 2
    raise FrontMatterError(
        1, "phần đầu bài chưa được đóng: thêm một dòng '---' sau trường cuối cùng, trước thân bài"
    )


_FIELD_LINE = re.compile(r"^(\s*(?:- )?[\w.-]+):[ \t]+(.+?)\s*$")


def _explain_yaml_error(problem: str, line: str) -> str | None:
    """A plain explanation, with the line to write, for the YAML traps editors meet: a Tab,
    curly quotes pasted from Word or a phone, a colon in an unquoted value."""
    if "\t" in line[: len(line) - len(line.lstrip())] or "found character '\\t'" in problem:
        return ("dòng này thụt lề bằng phím Tab; phần đầu bài chỉ thụt lề bằng dấu cách: "
                "thay mỗi Tab bằng hai dấu cách")
    field = _FIELD_LINE.match(line)
    if field is None:
        return None
    key, value = field.groups()
    if value[0] in "“”„‘’":
        inner = value[1:-1] if len(value) > 1 and value[-1] in "“”„‘’" else value[1:]
        return (f"giá trị nằm trong dấu ngoặc cong {value[0]}…{value[-1]} (chép từ Word hay điện thoại), "
                f"YAML chỉ hiểu dấu ngoặc thẳng: viết {key.strip()}: {_quoted(inner)}")
    if "mapping values are not allowed" in problem and ": " in value and value[0] not in "\"'[{":
        return f"giá trị có dấu hai chấm ': ' nên phải đặt cả giá trị trong ngoặc kép: viết {key.strip()}: {_quoted(value)}"
    return None


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted value."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# What the YAML parser's problems (libyaml's words, or PyYAML's) mean for an editor, with
# what to write instead: (words of the problem, explanation).
_YAML_PROBLEMS = (
    ("mapping values are not allowed",
     "dấu hai chấm ': ' đặt sai chỗ: mỗi trường là 'tên: giá trị' trên một dòng riêng; "
     "nếu giá trị có ': ' thì đặt cả giá trị trong ngoặc kép"),
    ("tab character", "có phím Tab: chỉ thụt lề bằng dấu cách"),
    ("found character '\\t'", "có phím Tab: chỉ thụt lề bằng dấu cách"),
    ("could not find expected ':'", "thiếu dấu hai chấm: mỗi trường là 'tên: giá trị' trên một dòng riêng"),
    ("did not find expected key",
     "dòng này không phải một trường 'tên: giá trị' (thụt lề sai, hay có chữ sau dấu ngoặc đóng): "
     "mỗi trường là 'tên: giá trị' trên một dòng riêng"),
    ("did not find expected ',' or ']'",
     "danh sách [ … ] mở ở đây viết sai hoặc chưa đóng: các mục cách nhau bằng dấu phẩy, cuối cùng là dấu ']'"),
    ("did not find expected ',' or '}'",
     "nhóm trường { … } mở ở đây viết sai hoặc chưa đóng: các trường cách nhau bằng dấu phẩy, cuối cùng là dấu '}'"),
    ("found unexpected end of stream", "dấu ngoặc kép hoặc ngoặc đơn mở ở đây mà chưa đóng: thêm dấu đóng ở cuối giá trị"),
    ("unknown escape character", "trong ngoặc kép, dấu '\\' phải viết thành '\\\\' (hoặc dùng ngoặc đơn)"),
    ("cannot start any token",
     "giá trị bắt đầu bằng ký tự YAML không cho phép (như @, ` hay %): đặt cả giá trị trong ngoặc kép"),
    ("did not find expected <document start>",
     "thụt lề không đều: các trường cùng cấp phải bắt đầu ở cùng một cột, trường đầu tiên không thụt lề"),
    ("did not find expected '-' indicator",
     "danh sách viết sai: mỗi mục là một dòng '- giá trị', thẳng hàng với các mục khác"),
    ("sequence entries are not allowed",
     "dòng '- …' đặt sai chỗ: các mục của danh sách nằm dưới tên trường, mỗi mục một dòng '- giá trị'"),
    ("could not determine a constructor",
     "giá trị bắt đầu bằng dấu '!' (ký hiệu riêng của YAML): đặt cả giá trị trong ngoặc kép"),
    ("unhashable key", "tên trường phải là chữ, không phải danh sách hay nhóm trường"),
)


# Problems found after the line at fault (where the text ends, or on the next line), about a
# quote or bracket opened earlier or a field name without its colon: they are reported on
# that line, where the parser's context starts.
_AT_THE_OPENING = (
    "found unexpected end of stream", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
    "could not find expected ':'",
)


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "invalid YAML"
    for words, explanation in _YAML_PROBLEMS:
        if words in problem:
            return explanation
    return f"YAML không đọc được dòng này ({problem}): xem lại dấu hai chấm, dấu ngoặc và thụt lề"


ALIAS_MESSAGE = (
    "không được dùng neo và bí danh của YAML (& và * ở đầu giá trị): hãy viết đầy đủ giá trị, "
    "hoặc đặt giá trị trong ngoặc kép"
)
# Deeper than any front matter or registry needs (each level of the category tree takes two),
# and far below Python's recursion limit.
MAX_DEPTH = 50
# Longer numbers are kept as LongNumber, never converted: Python refuses to read an int
# of more than 4,300 digits, and nothing an editor writes is a number that long.
MAX_NUMBER_TEXT = 40
_INT = "tag:yaml.org,2002:int"


def load_yaml(text: str, first_line: int = 1) -> tuple[Any, dict[str, int]]:
    """Parse a YAML document; return (value, lines) where `lines` maps every mapping key
    ("image.src", "[2].children[0].key") and list item ("tags[1]") to its 1-based line.

    Raises FrontMatterError with the line of a syntax error, a repeated key, an anchor or
    alias, or a control character. Anchors and aliases are refused before anything is
    built: libyaml shares an aliased node instead of copying it, so a 700-byte document of
    nested aliases is a small graph that would expand to billions of values, and an alias
    inside its own anchor is a cycle.
    """
    controls = find_controls(text, first_line)
    if controls:
        raise _control_error(text, first_line, controls)
    try:
        if "&" in text or "*" in text:  # the only characters that can start an anchor or an alias
            _refuse_aliases(text, first_line)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines: dict[str, int] = {}
            return _construct(loader, node, "", first_line, lines, 0), lines
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.problem or "").startswith(_AT_THE_OPENING):
            mark = exc.context_mark  # where the quote or bracket left open was opened, not the end of the text
        line = first_line + (mark.line if mark else 0)
        column = group_digits((mark.column + 1) if mark else 1)
        source_lines = text.split("\n")
        source = source_lines[mark.line] if mark and mark.line < len(source_lines) else ""
        plain = _explain_yaml_error(exc.problem or "", source[:1000])
        if plain is not None:
            raise FrontMatterError(line, f"lỗi cú pháp YAML ở cột {column}: {plain}") from None
        raise FrontMatterError(
            line, f"lỗi cú pháp YAML ở cột {column}: {_describe_yaml_error(exc)}"
        ) from None
    except yaml.YAMLError as exc:  # a reader error (the control characters are caught above)
        position = getattr(exc, "position", 0) or 0
        raise FrontMatterError(
            first_line + text.count("\n", 0, position), f"YAML không đọc được văn bản này ({exc})"
        ) from None


def _refuse_aliases(text: str, first_line: int) -> None:
    """Raise FrontMatterError at the first anchor or alias, reading events only (flat, fast)."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise FrontMatterError(first_line + mark.line, ALIAS_MESSAGE)
    finally:
        loader.dispose()


def _control_error(text: str, first_line: int, found: list[tuple[int, int, str, int]]) -> FrontMatterError:
    """One problem per line holding control characters, named by the field whose value
    holds the first of them (found by reading the text with the characters blanked out)."""
    problems = []
    root = None
    cleaned = CONTROL_RE.sub("_", text)  # not a space: a trailing space is not part of a value
    try:
        if "&" in cleaned or "*" in cleaned:
            _refuse_aliases(cleaned, first_line)
        loader = _Loader(cleaned)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, FrontMatterError):
        pass  # the problems are reported without their field
    for line, column, char, count in found:
        field = _shown_field(_path_at(root, (line - first_line, column - 1), "", 0)) if root is not None else ""
        what = control_message(char, column, count)
        problems.append((line, f"{field}: {what}" if field else what))
    return FrontMatterError(problems[0][0], problems[0][1], problems)


def _path_at(node: Any, position: tuple[int, int], prefix: str, depth: int) -> str:
    """The path ("tags[1]", "image.alt") of the innermost value of the node tree whose text
    spans `position` (line, column; both 0-based), or "" if none does."""
    if depth > MAX_DEPTH:
        return ""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            for child in (key_node, value_node):
                if _spans(child, position):
                    return _path_at(child, position, path, depth + 1) or path
        return ""
    if isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            if _spans(item, position):
                path = f"{prefix}[{number}]"
                return _path_at(item, position, path, depth + 1) or path
        return ""
    return prefix if _spans(node, position) else ""


def _spans(node: Any, position: tuple[int, int]) -> bool:
    start, end = node.start_mark, node.end_mark
    return (start.line, start.column) <= position < (end.line, end.column)


def _shown_field(path: str) -> str:
    """A field as problems name it: a registry's entry number left out ("[3].name" → "name")."""
    return path.split("].", 1)[1] if path.startswith("[") and "]." in path else path


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
        return [], {}, [(0, f"không đọc được tệp dưới dạng văn bản UTF-8 ({exc}): hãy lưu tệp dạng UTF-8 (Unicode)")]
    try:
        data, lines = load_yaml(text)
    except FrontMatterError as exc:
        return [], {}, exc.problems
    if not isinstance(data, list) or not data:
        shown = "giá trị trống" if not data else describe(data)
        return [], {}, [(1, f"danh bạ phải là một danh sách (đang ghi {shown}, cần các mục dạng - key: …, name: …)")]
    return data, lines, []


def parse(text: str) -> FrontMatter:
    """Parse the whole file. Raises FrontMatterError with the line of the problem."""
    yaml_text, first_line, body, body_line = split(text)
    data, lines = load_yaml(yaml_text, first_line)
    if data is None:
        raise FrontMatterError(1, "phần đầu bài đang trống: thêm các trường title, date, category, …")
    if not isinstance(data, dict):
        raise FrontMatterError(first_line, "phần đầu bài phải là các trường, mỗi trường một dòng 'tên: giá trị'")
    return FrontMatter(data=data, lines=lines, body=body, body_line=body_line)


def _construct(loader: Any, node: Any, prefix: str, first_line: int, lines: dict[str, int], depth: int) -> Any:
    """Build Python values from the node tree, recording the line of every mapping key."""
    if depth > MAX_DEPTH:
        raise FrontMatterError(
            first_line + node.start_mark.line,
            f"{_shown_field(prefix).split('[')[0] or 'tệp'}: lồng nhau quá {MAX_DEPTH} cấp; "
            "hãy viết giá trị đơn giản hơn",
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(_construct(loader, key_node, "", first_line, {}, depth + 1))
            path = f"{prefix}.{key}" if prefix else key
            line = first_line + key_node.start_mark.line
            if key in result:
                raise FrontMatterError(
                    line, f"{path}: trường bị ghi hai lần (lần đầu ở dòng {lines[path]}); chỉ giữ một"
                )
            lines[path] = line
            result[key] = _construct(loader, value_node, path, first_line, lines, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for position, item in enumerate(node.value):
            path = f"{prefix}[{position}]"
            lines[path] = first_line + item.start_mark.line
            items.append(_construct(loader, item, path, first_line, lines, depth + 1))
        return items
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        if node.style == '"' and CONTROL_RE.search(node.value):  # written as an escape: "\v", "\0"
            char = CONTROL_RE.search(node.value).group()  # type: ignore[union-attr]
            where = f"{_shown_field(prefix)}: " if prefix else ""
            raise FrontMatterError(first_line + node.start_mark.line, f"{where}{control_message(char)}")
        return node.value  # the common case, without the constructor's bookkeeping
    if node.tag == _INT and len(node.value) > MAX_NUMBER_TEXT:
        return LongNumber(len(node.value.lstrip("+-").replace("_", "")))
    return loader.construct_object(node, deep=True)
