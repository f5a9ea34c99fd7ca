"""Vietnamese alphabetical order, without ICU.

Python's default order puts Ă, Â, Đ after Z and ignores that tones are secondary. Here a
string sorts first by its letters in the Vietnamese alphabet
(a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), then, among strings with the
same letters, by tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}
# Combining marks that make a new letter (breve, circumflex, horn) vs tone marks.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def _letters_and_tones(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for char in text.lower():
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        tone = 0
        shape = base
        for mark in decomposed[1:]:
            if mark in _LETTER_MARKS:
                shape = unicodedata.normalize("NFC", shape + mark)
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        if shape in _LETTER_RANK:
            letters.append(_LETTER_RANK[shape])
            tones.append(tone)
        elif shape.isspace():
            letters.append(-1)  # a space sorts before any letter: "An" < "An Giang" < "Ana"
            tones.append(0)
        elif shape.isalnum():
            letters.append(100 + ord(shape))
            tones.append(0)
    return tuple(letters), tuple(tones)


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Key for sorted(): letters first, tones second, the text itself last (total order)."""
    letters, tones = _letters_and_tones(text)
    return letters, tones, text


def given_name_key(full_name: str) -> tuple[object, ...]:
    """Vietnamese people lists sort by given name (the last word); people with the same
    given name sort by the full name: "Nguyễn Văn An" < "Lê Văn Bình" < "Trần Thị Bình"."""
    words = full_name.split()
    given = words[-1] if words else ""
    return sort_key(given), sort_key(full_name)
