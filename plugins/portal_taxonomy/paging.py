"""Pages of a term's listing: a first page of article cards, then pages of older headlines.

A term such as a reform topic can gather thousands of articles. Its first page shows the
newest `per_page` articles as cards (picture, title, date, sa-pô); the pages after it
list the older ones as headlines with their date, `older_per_page` to a page, so that a
reader can scan them quickly and every article stays reachable without JavaScript.

`TermPaginator` is Pelican's Paginator with that first page: templates see the same
`articles_page` / `articles_paginator` objects (number, object_list, url, has_next(), …)
and the page addresses come from PAGINATION_PATTERNS, as for categories.
"""

from __future__ import annotations

from typing import Any

from pelican.paginator import Page, Paginator


def page_count(total: int, first: int, older: int) -> int:
    """Pages needed for `total` articles: one (even when empty), then `older` per page."""
    return 1 + -(-max(0, total - first) // older)


class TermPaginator(Paginator):  # type: ignore[misc]
    def __init__(self, name: str, url: str, object_list: list[Any], settings: dict[str, Any], first: int, older: int) -> None:
        super().__init__(name, url, object_list, settings, per_page=first)
        self.orphans = 0  # pages follow the declaration exactly, whatever DEFAULT_ORPHANS says
        self.first, self.older = first, older

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        return page_count(len(self.object_list), self.first, self.older)

    def page(self, number: int) -> Page:
        if number == 1:
            bottom, top = 0, self.first
        else:
            bottom = self.first + (number - 2) * self.older
            top = bottom + self.older
        return Page(self.name, self.url, self.object_list[bottom:top], number, self, self.settings)

    def pages(self) -> list[Page]:
        return [self.page(number) for number in range(1, self.num_pages + 1)]
