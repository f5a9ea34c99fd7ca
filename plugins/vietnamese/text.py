"""Vietnamese text: normalisation, accent folding, slugs and "Did you mean" suggestions.

Two pitfalls drive this module: `đ` is a letter of its own (NFD + stripping marks leaves
it untouched, so it must be mapped to `d` explicitly), and text pasted from Word or some
keyboards arrives decomposed (NFD), so everything is normalised to NFC on input.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (the form every string on the site is kept in)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Fold to lowercase ASCII-ish text: tones and marks removed, đ→d.

    "Thanh Hoá" and "Thanh Hóa" both fold to "thanh hoa", which makes matching insensitive
    to case, Unicode form and tone placement.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slugify(text: str) -> str:
    """Lowercase ASCII slug: "Đồng Nai đổi mới" → "dong-nai-doi-moi"."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def suggest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Closest choices to `value`, compared on folded text, best first.

    Used for "Did you mean …?" hints; returns the original spellings of the choices.
    """
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(fold(choice), choice)
    matches = difflib.get_close_matches(fold(value), list(by_fold), n=n, cutoff=0.6)
    return [by_fold[m] for m in matches]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """" Did you mean 'x'?" (with a leading space) or "" when nothing is close."""
    found = suggest(value, choices, n=1)
    return f" Did you mean '{found[0]}'?" if found else ""
