"""Text hygiene: the Unicode form, the house spelling of registered names, legacy encodings.

None of these stops the build (the reader normalises to NFC and matches names across tone
placement), but each makes the published text inconsistent or, for legacy encodings,
unreadable. The first two are what `make fix` may rewrite; the third needs a person.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from vietnamese.legacy import ENCODINGS, find_garbled
from vietnamese.text import modern_tone_placement, old_tone_placement


@dataclass(frozen=True)
class Spelling:
    """A registered name written with the other tone placement, e.g. "Thanh Hoá"."""

    line: int
    found: str
    name: str  # as the registry writes it
    registry: str  # content/data/… that has it


class NameSpeller:
    """Finds registered names written with the other tone placement ("Hoà Bình" when the
    registry says "Hòa Bình"): the registry's spelling is the house spelling."""

    def __init__(self, variants: dict[str, tuple[str, str]]) -> None:
        self.variants = variants  # variant → (registered name, registry)
        # The words that make a variant differ ("Hoá"): a text without any has no variant,
        # and `in` finds that much faster than the regular expression.
        self.words = sorted({w for v in variants for w in v.split(" ") if w not in variants[v][0].split(" ")})
        ordered = sorted(variants, key=lambda v: (-len(v), v))
        self.pattern = re.compile("(?<!\\w)(?:" + "|".join(map(re.escape, ordered)) + ")(?!\\w)") if ordered else None

    @classmethod
    def from_registries(cls, names: dict[str, list[str]]) -> NameSpeller:
        """`names`: registry file → the registered (display) names it holds."""
        registered = {name for group in names.values() for name in group}
        variants: dict[str, tuple[str, str]] = {}
        for registry, group in names.items():
            for name in group:
                for variant in tone_variants(name):
                    if variant not in registered:
                        variants.setdefault(variant, (name, f"content/{registry}"))
        return cls(variants)

    def might_have(self, text: str) -> bool:
        return any(word in text for word in self.words)

    def find(self, text: str) -> Iterator[Spelling]:
        if self.pattern is None or not self.might_have(text):
            return
        for number, line in enumerate(text.split("\n"), 1):
            for match in self.pattern.finditer(line):
                name, registry = self.variants[match.group(0)]
                yield Spelling(number, match.group(0), name, registry)

    def respell(self, text: str) -> str:
        if self.pattern is None or not self.might_have(text):
            return text
        return self.pattern.sub(lambda m: self.variants[m.group(0)][0], text)


# How each legacy encoding of vietnamese.legacy.ENCODINGS reads in a message.
_ENCODING_WORDS = {
    "TCVN3 (ABC)": "gõ bằng bảng mã cũ TCVN3 (ABC)",
    "VNI": "gõ bằng bảng mã cũ VNI",
    "UTF-8 read as Windows-1252": "UTF-8 bị đọc nhầm thành bảng mã Windows-1252",
}
assert set(_ENCODING_WORDS) == {name for name, _pattern in ENCODINGS}, "a legacy encoding without its Vietnamese words"


def tone_variants(name: str) -> set[str]:
    """Every spelling of `name` with old or modern tone placement in each word, but itself."""
    choices = [{word, modern_tone_placement(word), old_tone_placement(word)} for word in name.split(" ")]
    return {" ".join(words) for words in itertools.product(*(sorted(c) for c in choices))} - {name}


def not_nfc(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line, words) for each line with text not in Unicode NFC."""
    if unicodedata.is_normalized("NFC", text):
        return
    for number, line in enumerate(text.split("\n"), 1):
        if not unicodedata.is_normalized("NFC", line):
            words = [w for w in line.split() if not unicodedata.is_normalized("NFC", w)]
            yield number, [unicodedata.normalize("NFC", w) for w in words] or [line.strip()[:20]]


def field_at(line: int, lines: dict[str, int], body_line: int) -> str:
    """The front matter field a line belongs to ("body" after the front matter)."""
    if body_line and line >= body_line:
        return "body"
    best, best_line = "", 0
    for key, key_line in lines.items():
        if "." not in key and "[" not in key and best_line < key_line <= line:
            best, best_line = key, key_line
    return best


def hygiene_problems(raw: str, text: str, lines: dict[str, int], body_line: int, speller: NameSpeller) -> list[tuple[int, str, str]]:
    """(line, field, message) for the raw text of a file and its NFC form `text` (the same
    object when the file was NFC already)."""
    problems: list[tuple[int, str, str]] = []
    for line, words in not_nfc(raw) if raw is not text else ():
        shown = ", ".join(f"'{w}'" for w in words[:3])
        problems.append(
            (line, field_at(line, lines, body_line),
             f"chữ chưa chuẩn hoá dấu (Unicode NFC): {shown} (dấu đang là ký tự gõ rời, thường gặp khi dán từ Word "
             "hoặc gõ bằng một số bộ gõ); chạy 'make fix'")
        )
    for found in speller.find(text):
        problems.append(
            (found.line, field_at(found.line, lines, body_line),
             f"'{found.found}' được viết là '{found.name}' trong danh bạ {found.registry} (vị trí dấu thanh); "
             "chạy 'make fix'")
        )
    for garbled in find_garbled(text):
        shown = " ".join(garbled.words[:3])
        problems.append(
            (garbled.line, field_at(garbled.line, lines, body_line),
             f"chữ {_ENCODING_WORDS.get(garbled.encoding, 'gõ bằng bảng mã ' + garbled.encoding)} ('{shown}'): "
             "hãy chuyển sang Unicode (UniKey: Công cụ chuyển mã) hoặc gõ lại; trang web chỉ nhận chữ Unicode")
        )
    return problems
