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
from functools import lru_cache

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")
# The longest slug, in characters (ASCII, so bytes too). A slug is a file or folder name
# (`2023/06/<slug>.html`, `tu-khoa/<slug>/`), which file systems limit to 255 bytes. 150 is
# well below that, with room for an extension, and above the slug of any headline the
# portal has published (the longest, 110), so no existing address changes.
SLUG_MAX = 150


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (the form every string on the site is kept in)."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Fold to lowercase ASCII-ish text: tones and marks removed, đ→d.

    "Thanh Hoá" and "Thanh Hóa" both fold to "thanh hoa", which makes matching insensitive
    to case, Unicode form and tone placement.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


@lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Lowercase ASCII slug: "Đồng Nai đổi mới" → "dong-nai-doi-moi", at most SLUG_MAX
    characters (cut at a word: see `cut_slug`)."""
    return cut_slug(full_slug(text))


def full_slug(text: str) -> str:
    """The slug of `text` before it is cut to SLUG_MAX characters."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")


def cut_slug(slug: str, limit: int = SLUG_MAX) -> str:
    """`slug` cut to at most `limit` characters at the last hyphen that fits (whole words), or
    inside the first word if that word alone is longer."""
    if len(slug) <= limit:
        return slug
    at = slug.rfind("-", 0, limit + 1)
    return slug[:at] if at > 0 else slug[:limit]


def suggest(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Closest choices to `value`, compared on folded text, best first.

    Used for "Did you mean …?" hints; returns the original spellings of the choices.
    """
    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(fold(choice), choice)
    target = fold(value)
    scored = []
    for folded, original in by_fold.items():
        matcher = difflib.SequenceMatcher(None, target, folded)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            score = matcher.ratio()
            if score >= 0.6:
                scored.append((-score, folded, original))
    scored.sort()
    if not scored:
        return []
    # Offer runners-up only when they are nearly as close as the best match.
    best = -scored[0][0]
    return [original for score, _f, original in scored[:n] if -score >= best - 0.08]


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """" Có phải ý bạn là 'x'?" (with a leading space) or "" when nothing is close."""
    found = suggest(value, choices, n=1)
    return f" Có phải ý bạn là '{found[0]}'?" if found else ""


def group_digits(number: int) -> str:
    """A number as Vietnamese writes it, thousands separated by a dot: 1048576 → "1.048.576"."""
    return f"{number:,}".replace(",", ".")


# Old-style tone placement puts the tone on the second vowel of a final "oa", "oe", "uy"
# ("hoà", "thuỷ"); the modern style puts it on the first ("hòa", "thủy"). Both are in use
# and mean the same word, so matching maps the old style to the modern one. "qu" + vowel is
# excluded: there "u" belongs to the consonant and both styles agree ("quý"). The vowel must
# end the syllable: no letter and no further mark after the tone ("Thuận" is NFD "u a ̣ ̂ n").
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oOuU])([aAeEyY])([{_TONE_MARKS}])(?![\w\u0300-\u036f])"
)


def modern_tone_placement(text: str) -> str:
    """ "Hoà Bình" → "Hòa Bình", "Thuỷ" → "Thủy"; returns NFC text."""
    decomposed = unicodedata.normalize("NFD", text)
    fixed = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", fixed)


_MODERN_STYLE = re.compile(rf"(?<![qQ])([oOuU])([{_TONE_MARKS}])([aAeEyY])(?![\w\u0300-\u036f])")


def old_tone_placement(text: str) -> str:
    """The inverse of `modern_tone_placement`: "Hòa Bình" → "Hoà Bình"; returns NFC text."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _MODERN_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """Key for exact-name matching: NFC, modern tone placement, case and spacing ignored.

    Unlike `fold`, diacritics still count: "Nguyen Trong Thua" does not match
    "Nguyễn Trọng Thừa" (it gets a "Did you mean" instead).
    """
    return " ".join(modern_tone_placement(text).casefold().split())
