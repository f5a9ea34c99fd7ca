"""schema.org JSON-LD for search engines and news aggregators, built from the build's data.

Templates never assemble JSON: they call the Jinja globals at the end of this module
(`ld_page()`, once per page in base.html's <head>, and the
breadcrumb macros of _macros.html), which build plain dicts here and serialise them with
`script()`: `json.dumps(ensure_ascii=False)` with a fixed key order (the order the dicts
are built in), and every `</` written `<\\/` (and `<!--` as `<\\u0021--`) so no title or
summary can close the <script> element or open an HTML comment in it.

What each page carries:
- an article: `NewsArticle` (headline, dates with +07:00, author, publisher with its
  logo, the lead photo's 1200×630, 4:3 and 1:1 crops, section, keywords, free access);
- an official: `Person` (current position, its organisation, portrait); a province:
  `AdministrativeArea` in Việt Nam (and the units merged in 2025, both ways); a topic, tag
  or category listing: `CollectionPage`; the home page: `WebSite` with a `SearchAction`;
- a legal document (portal_documents): `Legislation` (number, type, issue day, issuing
  body, status in force, the documents it replaces or amends);
- every page with a breadcrumb trail: `BreadcrumbList`, emitted by the trail's macro.

URLs are absolute: SITEURL when it is (production), else the development server's address
(PORTAL_DEV_SITEURL), as in the sitemap. tests/test_structured_data.py parses every block
of a built site with a JSON-LD processor and checks it against the schema.org vocabulary.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup

from vietnamese.dates import iso8601

from .template_globals import page_siteurl

CONTEXT = "https://schema.org"
HOME_LABEL = "Trang chủ"  # the first item of every breadcrumb trail (_macros.html)
COUNTRY = {"@type": "Country", "name": "Việt Nam"}
# The publisher's logo: theme/static/logo.png (the emblem of favicon.svg as a PNG, which
# Google asks for: at least 112 px, a raster format).
LOGO = ("logo.png", 512, 512)


def script(data: dict[str, Any]) -> Markup:
    """`<script type="application/ld+json">` holding `data`, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("</", "<\\/").replace("<!--", "<\\u0021--")
    return Markup(f'<script type="application/ld+json">{text}</script>\n')


@dataclass(frozen=True)
class Site:
    """What every block says about the portal itself."""

    url: str  # absolute, without the trailing slash
    name: str
    publisher: str
    static: str  # THEME_STATIC_DIR

    def link(self, path: str = "") -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.url}/{path.lstrip('/')}"

    def organization(self) -> dict[str, Any]:
        name, width, height = LOGO
        return {
            "@type": "GovernmentOrganization",
            "@id": self.link("#co-quan"),
            "name": self.publisher,
            "url": self.link(),
            "logo": {"@type": "ImageObject", "url": self.link(f"{self.static}/{name}"), "width": width, "height": height},
        }

    def website(self) -> dict[str, Any]:
        return {"@type": "WebSite", "@id": self.link("#website"), "name": self.name, "url": self.link()}


def absolute_base(context: Any) -> str:
    """The site's absolute address for the page being rendered."""
    siteurl = page_siteurl(context)
    if siteurl.startswith(("http://", "https://")):
        return siteurl.rstrip("/")
    return str(context.get("PORTAL_DEV_SITEURL") or "").rstrip("/")


def site_of(context: Any) -> Site:
    portal = context.get("PORTAL") or {}
    return Site(
        url=absolute_base(context),
        name=str(context.get("SITENAME") or ""),
        publisher=str(portal.get("agency") or context.get("SITENAME") or ""),
        static=str(context.get("THEME_STATIC_DIR") or "theme"),
    )


# --- the blocks ----------------------------------------------------------------------------


def news_article(site: Site, article: Any) -> dict[str, Any]:
    url = site.link(article.url)
    author = str(article.author) if getattr(article, "author", None) else ""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": iso8601(article.date),
        "dateModified": iso8601(article.updated or article.date),
        "author": [{"@type": "Person", "name": author}] if author else [site.organization()],
        "publisher": site.organization(),
        "isAccessibleForFree": True,
        "inLanguage": "vi",
        "articleSection": article.category.name,
    }
    if article.summary_text:
        data["description"] = article.summary_text
    image = article.image if isinstance(article.image, dict) else {}
    images = [
        {"@type": "ImageObject", "url": site.link(r.path), "width": r.width, "height": r.height}
        for r in image.get("renditions") or ()
    ]
    if images:
        data["image"] = images
    keywords = [str(tag) for tag in article.tags or ()]
    if keywords:
        data["keywords"] = keywords
    return data


# A document's status (portal_documents.model.STATUSES) → schema.org's LegalForceStatus. An
# amended document is in force as amended; one not yet in force is not in force; the
# collection does not record partial repeals, so PartiallyInForce is never derived.
LEGAL_FORCE = {
    "con-hieu-luc": "schema:InForce",
    "duoc-sua-doi-bo-sung": "schema:InForce",
    "chua-co-hieu-luc": "schema:NotInForce",
    "het-hieu-luc": "schema:NotInForce",
    "het-hieu-luc-mot-phan": "schema:PartiallyInForce",
}


def legislation(site: Site, document: Any) -> dict[str, Any]:
    """A legal document (portal_documents.Document) as schema.org `Legislation`: its number,
    type, issue day, issuing body, status in force on the build's day, and the documents it
    replaces or amends (`legislationChanges` covers both)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Legislation",
        "name": document.title,
        "url": site.link(document.url),
        "legislationIdentifier": document.so_hieu,
        "legislationType": document.loai.name,
        "description": document.trich_yeu,
        "legislationDate": document.ngay_ban_hanh.isoformat(),
        "legislationPassedBy": {"@type": "GovernmentOrganization", "name": document.co_quan.name},
        "legislationJurisdiction": COUNTRY,
        "legislationLegalForce": {"@id": LEGAL_FORCE[document.status.key]},
        "inLanguage": "vi",
    }
    ends = document.het_hieu_luc or (document.status.since if document.status.key == "het-hieu-luc" else None)
    if ends is not None:
        data["expires"] = ends.isoformat()
    changes = []
    for reference in [*document.thay_the, *document.sua_doi, *document.bai_bo_mot_phan]:
        other = reference.document
        changed: dict[str, Any] = {"@type": "Legislation", "legislationIdentifier": reference.so_hieu}
        if other is not None:
            changed |= {"name": other.title, "url": site.link(other.url)}
        changes.append(changed)
    if changes:
        data["legislationChanges"] = changes
    return data


def breadcrumb_list(site: Site, trail: list[tuple[str, str]], current: str | None) -> dict[str, Any]:
    """`trail`: (label, site path) after the home page; `current`: the page itself (no link)."""
    items = [(HOME_LABEL, site.link()), *((str(label), site.link(str(path))) for label, path in trail)]
    elements: list[dict[str, Any]] = [
        # {"@id": …}: the page is a node (a Thing, the property's range), not a text.
        {"@type": "ListItem", "position": number, "name": label, "item": {"@id": url}}
        for number, (label, url) in enumerate(items, start=1)
    ]
    if current:
        elements.append({"@type": "ListItem", "position": len(elements) + 1, "name": str(current)})
    return {"@context": CONTEXT, "@type": "BreadcrumbList", "itemListElement": elements}


def collection_page(site: Site, name: str, url: str, description: str = "") -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "CollectionPage", "name": name, "url": site.link(url)}
    if description:
        data["description"] = description
    data.update(inLanguage="vi", isPartOf=site.website())
    return data


def person(site: Site, term: Any) -> dict[str, Any]:
    """An official: name, current position (the latest one without an end: a former
    Prime Minister has no jobTitle), its organisation, portrait."""
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Person", "name": term.name, "url": site.link(term.url)}
    position = next((p for p in term.positions if not p.get("end")), None)
    if position:
        title = f"{position['qualifier']} {position['title']}" if position.get("qualifier") else position["title"]
        data["jobTitle"] = title
        data["affiliation"] = {"@type": "GovernmentOrganization", "name": position["organisation"]}
    picture = term.extra.get("portrait_picture")
    if picture is not None:
        path, _width = picture.sources[picture.fallback_mime][-1]
        data["image"] = site.link(path)
    data["mainEntityOfPage"] = {"@type": "ProfilePage", "@id": site.link(term.url)}
    return data


def province_label(term: Any) -> str:
    return ("Thành phố " if term.type == "thành phố" else "Tỉnh ") + term.name


def administrative_area(site: Site, term: Any) -> dict[str, Any]:
    """A province: in Việt Nam; a unit merged in 2025 lies in the one it became part of,
    which contains it in turn."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "AdministrativeArea",
        "name": province_label(term),
        "url": site.link(term.url),
    }
    merged_into = term.merged_into if term.status == "former" else None
    if merged_into is not None:
        data["containedInPlace"] = [_area(site, merged_into), COUNTRY]
    else:
        data["containedInPlace"] = COUNTRY
        if term.absorbed:
            data["containsPlace"] = [_area(site, former) for former in term.absorbed]
    return data


def _area(site: Site, term: Any) -> dict[str, Any]:
    return {"@type": "AdministrativeArea", "name": province_label(term), "url": site.link(term.url)}


def website(site: Site, description: str, search: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, **site.website(), "description": description, "inLanguage": "vi",
                            "publisher": site.organization()}
    if search:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": site.link("tim-kiem/?q={search_term_string}")},
            # schema.org's Actions notation (docs/actions.html), which Google reads.
            "query-input": "required name=search_term_string",
        }
    return data


def term_block(site: Site, taxonomy: Any, term: Any, articles_page: Any = None) -> dict[str, Any]:
    """The block of a term page: by the taxonomy's kind."""
    kind = taxonomy.spec.kind
    if kind == "officials":
        return person(site, term)
    if kind == "provinces":
        return administrative_area(site, term)
    url = articles_page.url if articles_page else term.url
    description = getattr(term, "description_text", "") if kind == "topics" else ""
    name = term.name if kind == "topics" else f"Từ khóa: {term.name}"
    return collection_page(site, name, url, description or "")


# --- Jinja globals -------------------------------------------------------------------------


@pass_context
def ld_page(context: Any) -> Markup:
    """The page's own block, by what the page shows: an article, a legal document, a term,
    a category, the home page (nothing for other pages). Called once in base.html's <head>;
    a function, not an include, since an include copies the whole page context."""
    site = site_of(context)
    article = context.get("article")
    if article:
        return script(news_article(site, article))
    document = context.get("document")
    if document:
        return script(legislation(site, document))
    term, taxonomy = context.get("term"), context.get("taxonomy")
    if term and taxonomy:
        return script(term_block(site, taxonomy, term, context.get("articles_page")))
    category = context.get("category")
    if category:
        page = context.get("articles_page")
        url = page.url if page else category.url
        return script(collection_page(site, str(category.name), str(url), str(category.description or "")))
    if context.get("is_home"):
        search = bool(context.get("PORTAL_SEARCH", True))
        return script(website(site, str(context.get("SITESUBTITLE") or ""), search))
    return Markup("")


@pass_context
def ld_breadcrumb(context: Any, trail: Any = (), current: Any = None) -> Markup:
    return script(breadcrumb_list(site_of(context), list(trail), current))


@pass_context
def ld_category_breadcrumb(context: Any, category: Any, link_last: bool = False) -> Markup:
    trail = [(a.name, a.url) for a in category.ancestors]
    if link_last:
        return script(breadcrumb_list(site_of(context), [*trail, (category.name, category.url)], None))
    return script(breadcrumb_list(site_of(context), trail, category.name))


GLOBALS = {
    "ld_page": ld_page,
    "ld_breadcrumb": ld_breadcrumb,
    "ld_category_breadcrumb": ld_category_breadcrumb,
}
