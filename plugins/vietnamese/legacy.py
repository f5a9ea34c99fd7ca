"""Spot Vietnamese text typed in a legacy font encoding and pasted as if it were Unicode.

Old documents made with TCVN3 (ABC) or VNI fonts look like "TiÕng ViÖt" (TCVN3) or
"Tieáng Vieät" (VNI) once opened without their fonts; UTF-8 text read as Windows-1252 looks
like "Tiáº¿ng Viá»‡t". Such text must never be published. Each encoding leaves marks that
correct Vietnamese never has:

- TCVN3 writes lowercase letters with Latin-1 capitals, symbols and non-Vietnamese small
  letters: a capital such as Õ Ö Þ, a symbol such as µ ¸ ¹, or a letter such as ñ ö ø right
  after a lowercase letter ("TiÕng", "nghÞ", "c¸n", "thñ"), or a symbol starting a word ("§iÒu");
- VNI writes a base letter followed by a mark character: ø û ï å ä ë æ î after a letter
  ("nhöõng", "Vieät"), or an accented vowel after a or e, or ô ê â ù ú ý after o, which no
  Vietnamese syllable has ("Tieáng", "coâng");
- UTF-8 read as Windows-1252: Ã Ä Æ á â followed by a continuation character ("áº¿", "Ä‘").

Foreign names can show one such mark ("naïve", "Citroën"), so a text is only reported when
it has at least `MIN_MARKS` of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_MARKS = 2

# TCVN3 codes for lowercase letters that correct text never puts right after a lowercase letter.
_TCVN3_CAPITALS = "ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞ"
_TCVN3_SYMBOLS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾"
# Its small letters that are not Vietnamese letters too (ñ = ủ, ö = ử, ø = ứ, …).
_TCVN3_SMALL = "ßäåæçëîïñö÷øûüþ"
_TCVN3 = re.compile(
    rf"(?<=[a-zß-ÿ])[{_TCVN3_CAPITALS}{_TCVN3_SYMBOLS}{_TCVN3_SMALL}]"  # after a lowercase letter
    rf"|[{_TCVN3_SYMBOLS.replace('«', '')}](?=[a-zà-ÿ{_TCVN3_CAPITALS}])"  # a symbol starting a word: "§iÒu"
)
_VNI = re.compile(
    r"(?<=[A-Za-zà-ÿ])[øûïåäëæî]"
    r"|(?<=[aeAE])[àáâãèéêìíòóôõùúý]"
    r"|(?<=[oO])[âêôùúý]"
)
_UTF8_AS_CP1252 = re.compile(r"[ÃÄÆáâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_WORD = re.compile(r"\S+")
# A quick test before the patterns: characters correct text rarely has. Every encoding above
# leaves some (VNI writes the grave, hook and dot tones, đ and ư with ø û ï ñ ö), so text
# without any is not looked at further.
_SUSPECT_CHARS = re.compile(
    f"[{_TCVN3_CAPITALS}{_TCVN3_SMALL}ÃÄ\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u20ac\u2122]"
)

ENCODINGS = (("TCVN3 (ABC)", _TCVN3), ("VNI", _VNI), ("UTF-8 read as Windows-1252", _UTF8_AS_CP1252))


@dataclass(frozen=True)
class Garbled:
    """A line with legacy-encoded text: its number (1-based), the encoding and the words."""

    line: int
    encoding: str
    words: tuple[str, ...]


def _words_at(text: str, positions: list[int]) -> tuple[str, ...]:
    words: list[str] = []
    for match in _WORD.finditer(text):
        if any(match.start() <= p < match.end() for p in positions):
            word = match.group(0).strip(".,;:!?()[]\"'“”")
            if word not in words:
                words.append(word)
    return tuple(words)


def find_garbled(text: str) -> list[Garbled]:
    """The lines of `text` that look legacy-encoded; [] for correct Vietnamese (or when the
    whole text has fewer than MIN_MARKS marks)."""
    if not _SUSPECT_CHARS.search(text):
        return []
    found: list[Garbled] = []
    marks = 0
    for number, line in enumerate(text.split("\n"), 1):
        if line.isascii():
            continue
        best: tuple[str, list[int]] | None = None
        for encoding, pattern in ENCODINGS:
            positions = [m.start() for m in pattern.finditer(line)]
            if positions and (best is None or len(positions) > len(best[1])):
                best = (encoding, positions)
        if best:
            marks += len(best[1])
            found.append(Garbled(number, best[0], _words_at(line, best[1])))
    return found if marks >= MIN_MARKS else []
