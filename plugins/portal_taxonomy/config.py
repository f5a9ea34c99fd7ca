"""Taxonomies are declared as data in pelicanconf.py (PORTAL_TAXONOMIES), not as code.

Each declaration names the front matter field, the URL segment, the templates, the
registry file (or none, for free-form terms such as tags), whether terms get feeds, the
page sizes (cards and headlines on a term's first page, headlines on the pages of older
articles) and the weight of a shared term in related news. One engine serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal_reader.schema import SLUG_RE
from vietnamese.text import suggest

KINDS = ("officials", "provinces", "topics", "free")
# What an editor calls one term of each kind, in messages ("danh bạ cán bộ").
NOUNS = {"officials": "cán bộ", "provinces": "tỉnh, thành phố", "topics": "chủ đề", "free": "từ khóa"}


@dataclass(frozen=True)
class TaxonomySpec:
    name: str  # front matter field, e.g. "officials"
    segment: str  # URL segment, e.g. "can-bo"
    kind: str  # entry schema of the registry: officials / provinces / topics / free
    title: str  # heading of the index page, e.g. "Cán bộ, lãnh đạo"
    label: str  # heading of the list of terms on an article, e.g. "Cán bộ được nhắc đến"
    registry: str | None = None  # path relative to content/, None for free-form terms
    feeds: bool = True
    per_page: int = 20  # article cards on the first page of a term
    first_page_headlines: int = 30  # headlines under the cards on the first page
    older_per_page: int = 100  # headlines on each later page (older articles)
    feed_items: int = 20  # newest articles in each term's feeds
    weight: float = 1.0  # weight of one shared term in related news
    index_template: str = "taxonomy_index"
    term_template: str = "term"

    @property
    def noun(self) -> str:
        return NOUNS[self.kind]

    @property
    def index_url(self) -> str:
        return f"{self.segment}/"

    def term_url(self, key: str) -> str:
        return f"{self.segment}/{key}/"


_FIELDS = {f for f in TaxonomySpec.__dataclass_fields__}  # type: ignore[attr-defined]
_REQUIRED = ("name", "segment", "kind", "title", "label")


def parse_specs(raw: Any) -> tuple[list[TaxonomySpec], list[str]]:
    """Validate PORTAL_TAXONOMIES; return the specs and messages for what is wrong."""
    specs: list[TaxonomySpec] = []
    errors: list[str] = []
    if not isinstance(raw, (list, tuple)):
        return [], ["PORTAL_TAXONOMIES: expected a list of taxonomy declarations (dicts)"]
    seen_names: set[str] = set()
    seen_segments: set[str] = set()
    for position, entry in enumerate(raw, 1):
        where = f"PORTAL_TAXONOMIES[{position}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}: expected a dict with {', '.join(_REQUIRED)}")
            continue
        unknown = sorted(set(entry) - _FIELDS)
        missing = [f for f in _REQUIRED if not entry.get(f)]
        if unknown:
            near = [f"'{m[0]}' for '{u}'" for u in unknown if (m := suggest(u, _FIELDS, n=1))]
            hint = f". Did you mean {', '.join(near)}?" if near else ""
            errors.append(f"{where}: unknown setting(s) {', '.join(unknown)} (expected some of: {', '.join(sorted(_FIELDS))}){hint}")
        if missing:
            errors.append(f"{where}: missing {', '.join(missing)}")
        if unknown or missing:
            continue
        spec = TaxonomySpec(**entry)
        if spec.kind not in KINDS:
            errors.append(f"{where}: kind '{spec.kind}' is not one of {', '.join(KINDS)}")
        elif (spec.kind == "free") != (spec.registry is None):
            errors.append(f"{where}: kind 'free' has no registry; every other kind needs one")
        if not SLUG_RE.match(spec.segment):
            errors.append(f"{where}: segment '{spec.segment}' must be lowercase a-z, digits and hyphens")
        if spec.name in seen_names or spec.segment in seen_segments:
            errors.append(f"{where}: name '{spec.name}' or segment '{spec.segment}' is declared twice")
        for number in ("per_page", "first_page_headlines", "older_per_page", "feed_items"):
            value = getattr(spec, number)
            least = 0 if number == "first_page_headlines" else 1
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                kind = "a whole number, 0 or more" if least == 0 else "a positive whole number"
                errors.append(f"{where}: {number} must be {kind} (got {value!r})")
        seen_names.add(spec.name)
        seen_segments.add(spec.segment)
        specs.append(spec)
    return specs, errors
