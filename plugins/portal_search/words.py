"""The Vietnamese rules of matching, shared by the index (here) and the search page
(theme/static/js/search-vi.js, the same rules in JavaScript; tests/test_search.py checks
that both give the same keys).

A word is indexed under its *folded* form (no tone or vowel marks, đ → d, lowercase), so a
query typed without marks finds it, and beside it under its *form*: lowercase, NFC, with the
tone mark's position made irrelevant ("hoà" and "hòa" are one form, "hóa" another), so a
query typed with marks matches that form only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[^\W_]+")  # letters and digits; text is NFC, so Vietnamese letters are one character
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_TONE = re.compile(f"[{TONES}]")


def words(text: str) -> list[str]:
    """The words of `text`, lowercase and NFC, in order."""
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def pieces(text: str) -> list[str]:
    """The pieces of `text` between spaces, lowercase and NFC, in order. Together they hold
    the words of `words(text)` (`piece_words` gives each piece's): a long text is read this
    way three times faster than by its words, since cutting at spaces is done in C and the
    regular expression then sees each distinct piece once, not each word."""
    return unicodedata.normalize("NFC", text).lower().split()


@lru_cache(maxsize=200_000)
def piece_words(piece: str) -> tuple[str, ...]:
    """The words of one piece of `pieces` (most pieces are one word)."""
    return (piece,) if piece.isalnum() else tuple(WORD.findall(piece))


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """ "Điện" → "dien": marks removed, đ → d, lowercase."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def form(word: str) -> str:
    """The key of a word with its marks, whatever the position of its tone mark: the word
    without its tone, then the tone ("hòa" and "hoà" → "hoa\u0300", NFC before the tone)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = _TONE.search(decomposed)
    plain = unicodedata.normalize("NFC", _TONE.sub("", decomposed))
    return plain + (tone.group(0) if tone else "")


NUMBER_FORM = "#"  # the form of a legal document's number key (no word's form: words have letters or digits)


def number_key(number: str) -> str:
    """A legal document's number and symbol as one key: its words folded, separated by
    spaces ("76/NQ-CP" → "76 nq cp", "42/2022/NĐ-CP" → "42 2022 nd cp"), so the query
    "76/nq-cp", "76 NQ CP" or "42/2022/ND-CP" gives the same key (search-vi.js joins the
    query's folded words alike). It lives in the shard of its first word, which the query's
    first word loads anyway; "" for a number of fewer than two words (it would be a word)."""
    parts = [fold(word) for word in words(number)]
    return " ".join(parts) if len(parts) >= 2 else ""


def shard_of(term: str) -> str:
    """The index file that holds `term` (a folded word, two separated by a space, or a
    document's `number_key`): the
    first three letters of its first word, so the last word of a query can be matched as a
    prefix within one file."""
    return term.split(" ", 1)[0][:3]


def file_name(key: str) -> str:
    """A shard's file name: the key itself when it is plain ASCII, else its UTF-8 in hex."""
    return key if re.fullmatch(r"[a-z0-9]+", key) else "x" + key.encode("utf-8").hex()
