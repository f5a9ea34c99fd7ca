"""Site search: an index of the public pages written by the build, and the Vietnamese rules
of matching shared with the search page.

The index is made from the build's data (documents.py: articles, static pages, the pages of
officials, provinces, topics and tags), in the publish phase, inside the tree about to
replace output/ (portal_build.pipeline), so output/ never shows pages without their index or
an index of other pages. Words are indexed folded (no marks, đ → d) and with their marks
(words.py), so "dich vu cong" finds "Dịch vụ công" and "hòa" finds "hoà" but not "hóa". The
search page (theme/static/js/search.js, search-vi.js) reads the index as static files.
tests/test_search.py checks the index and the rules (in Python and in Node);
tests/test_search_browser.py searches in Chromium.
"""

from __future__ import annotations

from .counted import Counted, count_terms
from .documents import Document, content_documents, site_documents
from .index import FOLDER, Cancelled, Refresher, SearchIndexFailed, index_site, refresh

__all__ = ["FOLDER", "Cancelled", "Counted", "Document", "Refresher", "SearchIndexFailed", "content_documents", "count_terms",
           "index_site", "refresh", "site_documents"]
