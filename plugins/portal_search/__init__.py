"""Site search: the public pages indexed with Pagefind, and the Vietnamese rules of matching.

The index is built from the pages themselves, after they are written and before the new
tree replaces output/ (portal_build.pipeline, publish phase), so output/ never shows pages
without their index or an index of other pages. Only what a template marks with
`data-pagefind-body` is indexed: article pages that are public (not drafts, not
scheduled), static pages and the first page of each term; listings, later pages, redirect
pages, the drafts index and the 404 page have no such mark. Filters and sort keys come
from the templates (front matter data), never from parsing the text.

Pagefind folds tone and vowel marks by itself ("dich vu cong" finds "Dịch vụ công") but not
đ: the search page (theme/static/js/search.js) also tries each word typed with a plain d
as đ, and keeps only hits whose words really match (tests/test_search.py runs those rules in
Node; tests/test_search_browser.py searches in Chromium).
"""

from __future__ import annotations

from .index import Refresher, SearchIndexFailed, index_site, refresh

__all__ = ["Refresher", "SearchIndexFailed", "index_site", "refresh"]
