"""The portal's articles and pages, typed: the contract between the build's steps.

Pelican still builds them (from the reader's metadata, each field an attribute), but as
these classes, which declare every attribute the portal's steps and templates read, with
its type and, for the optional ones, its default. So a step writes `article.scheduled`, not
`getattr(article, "scheduled", False)`, and a misspelt name is an AttributeError.

Who sets what:
    reader (portal_reader)   origin, title, date, updated, summary, summary_text, author,
                             source, image, officials/provinces/topics/tags (as written),
                             aliases, slug, status; a page's lang, translation_of
    resolve (pipeline)       category (portal_site's registry), scheduled (publishing
                             rules), officials/provinces/topics/tags → registry terms,
                             a page's translation (portal_site's generator)
    compute                  related (portal_taxonomy), image["picture"/"card"]
                             (portal_images)

`typed_contents(readers)` makes one build's Pelican `Readers` build these classes instead
of Pelican's `Article` and `Page` (Pelican's generators name those classes directly).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, TypedDict

from pelican.contents import Article, Page

from .origin import Origin

if TYPE_CHECKING:
    from pelican.urlwrappers import Author, Category

    from portal_taxonomy.terms import Term


class LeadImage(TypedDict, total=False):
    """The front matter's `image:`; portal_images adds the `<picture>` markup of its variants."""

    src: str
    alt: str
    caption: str
    credit: str
    picture: str  # in the article
    card: str  # in listings


class Source(TypedDict, total=False):
    """The front matter's `source:` (where the news was first published)."""

    name: str
    url: str


class _SourcePathOnce:
    """Pelican asks a content its path relative to the content folder three times per
    build (each an abspath, a relpath and a join): it is worked out once."""

    source_path: str

    def get_relative_source_path(self, source_path: str | None = None) -> str | None:
        if source_path:
            return super().get_relative_source_path(source_path)  # type: ignore[misc]
        known = self.__dict__.get("_portal_relative_source")
        if known is None or known[0] != self.source_path:
            known = self.__dict__["_portal_relative_source"] = (
                self.source_path, super().get_relative_source_path())  # type: ignore[misc]
        return known[1]


class PortalArticle(_SourcePathOnce, Article):
    """One news article."""

    origin: Origin
    title: str
    date: datetime
    updated: datetime | None = None
    category: Category  # portal_site's PortalCategory once resolved
    author: Author
    summary_text: str = ""  # the sa-pô as plain text (`summary` is its HTML)
    source: Source | None = None
    image: LeadImage | None = None
    officials: list[Term]  # names as written until the taxonomy resolves them
    provinces: list[Term]
    topics: list[Term]
    tags: list[Term]
    aliases: list[str]  # old addresses that redirect here
    scheduled: bool = False  # dated in the future: hidden until then
    related: list[PortalArticle] = []  # noqa: RUF012 - never mutated, only replaced: portal_taxonomy
    # The legal documents its body cites, in order of first mention (portal_documents.links).
    cited_documents: list[Any] = []  # noqa: RUF012 - never mutated, only replaced


class PortalPage(_SourcePathOnce, Page):
    """One static page (giới thiệu, liên hệ, …)."""

    origin: Origin
    title: str
    updated: datetime | None = None
    summary_text: str = ""
    contact: bool = False  # shows the agency's contact details
    aliases: list[str] = []  # noqa: RUF012 - never mutated
    image: LeadImage | None = None  # pages have none; read like an article's
    scheduled: bool = False  # pages are never scheduled
    lang: str = "vi"  # `lang:` (Pelican's DEFAULT_LANG when absent)
    translation_of: str = ""  # the slug of the page this one translates
    translation: PortalPage | None = None  # the other page of the pair (portal_site/translations.py)

    def _expand_settings(self, key: str) -> str:
        # Pelican names a page's settings after its class (PAGE_SAVE_AS); Article's own
        # method already names "article" / "draft".
        klass = "draft_page" if self.status == "draft" else "page"
        return super(Page, self)._expand_settings(key, klass)


TYPED = {Article: PortalArticle, Page: PortalPage}


def typed_contents(readers: Any) -> None:
    """Make this `Readers` (one build's) build PortalArticle and PortalPage."""
    read_file = readers.read_file

    def read_typed(*args: Any, content_class: type = Page, **kwargs: Any) -> Any:
        return read_file(*args, content_class=TYPED.get(content_class, content_class), **kwargs)

    readers.read_file = read_typed
