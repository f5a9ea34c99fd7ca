"""`make fix`: rewrite what is safe to rewrite, and say what changed.

Only two things: text to Unicode NFC, and registered names to the registry's tone placement
("Thanh Hoá" → "Thanh Hóa"). Both leave the meaning unchanged. Every other byte of the file
(line endings, spacing, YAML layout) stays as it was; running it twice changes nothing more.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from dataclasses import dataclass

from .hygiene import NameSpeller

# Why a change was made, in words an editor understands (the NFC change looks like nothing).
NFC_WHY = "chuẩn hoá dấu: trông như cũ, nhưng dấu đang là ký tự gõ rời, nay ghép vào chữ – Unicode NFC"
TONE_WHY = "đặt dấu thanh như trong danh bạ"


@dataclass(frozen=True)
class Change:
    path: str
    line: int
    old: str
    new: str
    why: str

    def __str__(self) -> str:
        return f'{self.path}:{self.line}: "{self.old}" → "{self.new}" ({self.why})'


def fix_text(text: str, speller: NameSpeller, path: str) -> tuple[str, list[Change]]:
    """The fixed text and the changes, line by line (line endings kept as they are)."""
    changes: list[Change] = []
    out: list[str] = []
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        fixed = line
        if not unicodedata.is_normalized("NFC", line):
            fixed = unicodedata.normalize("NFC", line)
            for old in line.split():
                new = unicodedata.normalize("NFC", old)
                if new != old:
                    changes.append(Change(path, number, new, new, NFC_WHY))
        if speller.pattern is not None:
            for match in speller.pattern.finditer(fixed):
                changes.append(Change(path, number, match.group(0), speller.variants[match.group(0)][0], TONE_WHY))
            fixed = speller.respell(fixed)
        out.append(fixed)
    return "".join(out), changes


def fix_file(abs_path: str, speller: NameSpeller, shown: str) -> list[Change]:
    with open(abs_path, "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []  # not UTF-8: `make check` says so; nothing here is safe to rewrite
    fixed, changes = fix_text(text, speller, shown)
    if fixed != text:
        tmp = abs_path + ".fix-tmp"
        with open(tmp, "wb") as handle:
            handle.write(fixed.encode("utf-8"))
        shutil.copymode(abs_path, tmp)
        os.replace(tmp, abs_path)
    return changes
