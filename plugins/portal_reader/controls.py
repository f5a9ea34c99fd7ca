"""Control characters: invisible characters that must not reach a page, a feed or a log.

Text pasted from Word brings U+000B (its line break, Shift+Enter) and U+000C (its page
break); other tools bring NUL, U+FFFF or C1 controls. None of them can be written in XML
1.0 (a feed with one is not a feed any more), several are line breaks to YAML but not to
editors (so every line number after them would be wrong), and in a terminal they can
move the cursor or recolour the log. They are refused wherever an editor writes text —
front matter, registries and bodies — with the line and column, since the editor cannot
see them. Tab, line feed and carriage return are ordinary text.
"""

from __future__ import annotations

import re

from vietnamese.text import group_digits

# C0 controls except tab/LF/CR, DEL, C1 controls (U+0085 is a YAML line break), the line
# and paragraph separators (YAML line breaks too), the two non-characters U+FFFE/U+FFFF and
# lone surrogates (not XML characters), and the bidirectional embedding, override and isolate
# controls (U+202A-U+202E, U+2066-U+2069), which reorder what a reader sees ("Trojan Source"
# spoofing of a title or a link) and which Vietnamese text never needs.
CONTROL_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
# What XML 1.0 cannot carry at all (its Char production): the feed writer's last guard.
XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Names as editors read them (Vietnamese), with the English name where it is the one they
# may meet in an editor's "show invisible characters".
_NAMES = {
    "\x00": "NUL, ký tự rỗng",
    "\x08": "backspace, ký tự xóa lùi",
    "\x0b": "tab dọc: dấu xuống dòng của Word",
    "\x0c": "form feed: dấu ngắt trang của Word",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line, ký tự xuống dòng",
    "\u2028": "line separator, ký tự ngăn dòng",
    "\u2029": "paragraph separator, ký tự ngăn đoạn",
    "\u202e": "right-to-left override, ký tự đảo chiều chữ",
    "\ufffe": "không phải ký tự",
    "\uffff": "không phải ký tự",
}
# At most this many lines of one file are reported: a file full of NULs gives a short report.
MAX_REPORTED = 10


def name(char: str) -> str:
    """'U+000B (tab dọc: dấu xuống dòng của Word)'."""
    bidi = "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069"
    default = "ký tự điều khiển chiều chữ" if bidi else "ký tự điều khiển"
    return f"U+{ord(char):04X} ({_NAMES.get(char, default)})"


def message(char: str, column: int | None = None, count: int = 1) -> str:
    """The problem, without its place: 'có ký tự điều khiển vô hình U+000B (…) ở cột 7: hãy xóa ký tự này'."""
    where = f" ở cột {group_digits(column)}" if column else ""
    if count > 1:
        return f"có {count} ký tự điều khiển vô hình, ký tự đầu tiên là {name(char)}{where}: hãy xóa các ký tự này"
    return f"có ký tự điều khiển vô hình {name(char)}{where}: hãy xóa ký tự này"


def find(text: str, first_line: int = 1) -> list[tuple[int, int, str, int]]:
    """(line, column, first character, how many on that line) for each line of `text`
    holding control characters, at most MAX_REPORTED lines; lines split on '\\n' only."""
    found: list[tuple[int, int, str, int]] = []
    if CONTROL_RE.search(text) is None:  # the common case: one scan, no splitting
        return found
    for number, line in enumerate(text.split("\n")):
        first = CONTROL_RE.search(line)
        if first is None:
            continue
        count = len(CONTROL_RE.findall(line))
        found.append((first_line + number, first.start() + 1, first.group(), count))
        if len(found) == MAX_REPORTED:
            break
    return found


def printable(text: str) -> str:
    """`text` with each control character shown as U+FFFD, for messages and logs."""
    return CONTROL_RE.sub("\ufffd", text)
