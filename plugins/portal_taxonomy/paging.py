"""Pages of a term's listing: a first page of article cards and headlines, then pages of
older headlines.

A term such as a reform topic can gather thousands of articles. Its first page shows the
newest `per_page` articles as cards (picture, title, date, sa-pô) and the next
`first_page_headlines` as headlines with their date; the pages after it list the older
ones as headlines, `older_per_page` to a page, so that a reader can scan them quickly and
every article stays reachable without JavaScript. Most officials and tags have fewer than
fifty articles: they fit on one page.

`TermPaginator` is Pelican's Paginator with that first page: templates see the same
`articles_page` / `articles_paginator` objects (number, object_list, url, has_next(), …),
plus `articles_page.cards` and `articles_page.headlines`, and the page addresses come
from PAGINATION_PATTERNS, as for categories.
"""

from __future__ import annotations

from typing import Any

from pelican.paginator import Page, Paginator


def page_count(total: int, first: int, older: int) -> int:
    """Pages needed for `total` articles: one of `first` (even when empty), then `older`
    per page."""
    return 1 + -(-max(0, total - first) // older)


class TermPage(Page):  # type: ignore[misc]
    """A page of a term's listing: its first `card_count` articles are shown as cards."""

    card_count = 0

    @property
    def cards(self) -> list[Any]:
        return self.object_list[: self.card_count]

    @property
    def headlines(self) -> list[Any]:
        return self.object_list[self.card_count :]


class TermPaginator(Paginator):  # type: ignore[misc]
    def __init__(
        self,
        name: str,
        url: str,
        object_list: list[Any],
        settings: dict[str, Any],
        cards: int,
        older: int,
        first_headlines: int = 0,
    ) -> None:
        super().__init__(name, url, object_list, settings, per_page=cards + first_headlines)
        self.orphans = 0  # pages follow the declaration exactly, whatever DEFAULT_ORPHANS says
        self.cards, self.first, self.older = cards, cards + first_headlines, older

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        return page_count(len(self.object_list), self.first, self.older)

    def page(self, number: int) -> TermPage:
        if number == 1:
            bottom, top = 0, self.first
        else:
            bottom = self.first + (number - 2) * self.older
            top = bottom + self.older
        page = TermPage(self.name, self.url, self.object_list[bottom:top], number, self, self.settings)
        page.card_count = self.cards if number == 1 else 0
        return page

    def pages(self) -> list[TermPage]:
        return [self.page(number) for number in range(1, self.num_pages + 1)]
