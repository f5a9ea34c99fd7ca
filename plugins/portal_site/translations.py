"""Pages and their translations: `lang:` and `translation_of:` in a page's front matter.

A page in another language (the English pages Nghị định 42/2022/NĐ-CP asks for) names the
page it translates by its slug, `translation_of: gioi-thieu`. `pair_translations` finds that
page and links the two both ways (`page.translation`), so each carries hreflang alternates
and the header's language switch leads from one to the other. The reader checked the
value's form (portal_reader/schema.py); what needs every page - that the page exists, is in
another language and has no other translation into this one - is checked here, each problem
at the line of `translation_of:` with a suggestion where there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from portal_diagnostics import Problem
from portal_reader.origin import origin_of
from portal_reader.schema import PAGE_LANGUAGES
from vietnamese.text import did_you_mean

FIELD = "translation_of"


def language_name(code: str) -> str:
    return PAGE_LANGUAGES.get(code, code)


def pair_translations(
    pages: Iterable[Any], hidden: Iterable[Any], show: Callable[[str], str], public_only: bool
) -> list[Problem]:
    """Link every page naming `translation_of:` with the page it names; the problems found.

    `pages` are the pages this build publishes, `hidden` the drafts it leaves out (or, in a
    preview, shows under ban-nhap/): a public page may not be the translation of a hidden
    one when `public_only` (make publish), as its links would lead nowhere.
    """
    pages = sorted(pages, key=lambda p: p.source_path)
    hidden = sorted(hidden, key=lambda p: p.source_path)
    by_slug: dict[str, Any] = {}
    for page in [*pages, *hidden]:
        by_slug.setdefault(page.slug, page)
    public = {id(p) for p in pages}
    problems: list[Problem] = []
    taken: dict[tuple[int, str], Any] = {}  # (original, language) → its translation
    for page in [*pages, *hidden]:
        page.translation = None  # paired afresh on every build (and every live edit)
    for page in [*pages, *hidden]:
        wanted = page.translation_of
        if not wanted:
            continue
        origin = origin_of(page)
        line = origin.line(FIELD) if origin else 1

        def problem(message: str, page: Any = page, line: int = line) -> None:
            problems.append(Problem(show(page.source_path), line, FIELD, message))

        target = by_slug.get(wanted)
        if target is None:
            problem(f"không có trang nào có địa chỉ này (đang ghi '{wanted}', cần 'slug' của một trang trong "
                    f"content/pages/).{did_you_mean(wanted, sorted(by_slug))}".rstrip("."))
        elif target is page:
            problem(f"trang không thể là bản dịch của chính nó (đang ghi '{wanted}', cần 'slug' của trang gốc "
                    "viết bằng ngôn ngữ khác)")
        elif target.lang == page.lang:
            problem(f"trang '{wanted}' cũng viết bằng {language_name(page.lang)} (cần trang gốc viết bằng ngôn ngữ "
                    f"khác; trang dịch ghi thêm 'lang: en' nếu là tiếng Anh)")
        elif target.translation_of:
            problem(f"trang '{wanted}' đã là bản dịch của trang '{target.translation_of}'; hãy ghi "
                    f"translation_of: {target.translation_of}")
        elif public_only and id(page) in public and id(target) not in public:
            problem(f"trang '{wanted}' là bản nháp, chưa đăng (trang dịch đã đăng sẽ dẫn đến một địa chỉ không "
                    "tồn tại); hãy đăng trang gốc hoặc để trang dịch là bản nháp")
        elif (previous := taken.get((id(target), page.lang))) is not None:
            problem(f"trang '{wanted}' đã có bản {language_name(page.lang)} là {show(previous.source_path)}; "
                    "mỗi trang chỉ có một bản dịch cho mỗi ngôn ngữ")
        else:
            taken[(id(target), page.lang)] = page
            page.translation = target
            target.translation = page
    return problems


def english_home(pages: Iterable[Any], slug: str) -> tuple[Any, list[Problem]]:
    """The English page the header's "English" link leads to from pages without a
    translation (PORTAL_ENGLISH_HOME): None when the site has no English page; a settings
    problem (English, as settings faults are) when it has some but none with that slug."""
    english = [p for p in pages if p.lang == "en"]
    if not english or not slug:
        return None, []
    for page in english:
        if page.slug == slug:
            return page, []
    slugs = ", ".join(sorted(p.slug for p in english))
    return None, [Problem("pelicanconf.py", 0, "PORTAL_ENGLISH_HOME",
                          f"no English page has the slug '{slug}' (expected one of: {slugs})")]
