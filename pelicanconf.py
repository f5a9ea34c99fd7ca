"""Development settings: relative URLs, drafts visible, no absolute SITEURL.

`make html` and `make devserver` use this file; `make publish` uses publishconf.py,
which imports everything here and overrides what production needs.
"""

from __future__ import annotations

import os
import sys

# Our code lives in plugins/, one package each. Only portal_build is a Pelican plugin: its
# pipeline (plugins/portal_build/pipeline.py) runs the others as libraries, phase by phase.
# PLUGINS is pinned explicitly so an installed namespace plugin is never picked up by accident.
_HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN_PATHS = [os.path.join(_HERE, "plugins")]
# The libraries import each other (portal_build imports all of them): keep plugins/ importable
# for the whole build, not only while Pelican loads the plugin.
sys.path[:0] = [p for p in (_HERE, PLUGIN_PATHS[0]) if p not in sys.path]
PLUGINS = ["portal_build"]

SITENAME = "Cổng thông tin điện tử Cải cách hành chính"
SITESUBTITLE = "Tin tức, chỉ đạo, điều hành và mô hình hay về cải cách hành chính"
SITEURL = ""
RELATIVE_URLS = True

# The agency behind the portal, shown in the footer (Nghị định 42/2022/NĐ-CP asks for it).
PORTAL = {
    "short_name": "Cải cách hành chính",
    "agency": "Văn phòng Ban Chỉ đạo cải cách hành chính",
    "address": "Số 8 Tôn Thất Thuyết, phường Cầu Giấy, Hà Nội",
    "phone": "024 3000 0000",
    "email": "bandientu@cchc.example.vn",
    "licence": "Giấy phép số 00/GP-TTĐT do Cục Phát thanh, truyền hình và thông tin điện tử cấp (mẫu).",
    "editor": "Trưởng Ban biên tập: (đang cập nhật)",
    "copyright": "Ghi rõ nguồn “Cổng thông tin điện tử Cải cách hành chính” khi phát hành lại thông tin từ website này.",
    # English names, as content/pages/gioi-thieu.md gives them (the English pages' chrome).
    "name_en": "Public Administration Reform Portal",
    "agency_en": "Office of the Steering Committee for Public Administration Reform",
}

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
# Photos are not copied as they are (camera originals are large and carry EXIF, GPS
# included): portal_images publishes resized, metadata-free variants of those the site uses.
STATIC_PATHS: list[str] = []
# Registries (validated like front matter), relative to PATH.
PORTAL_CATEGORIES_FILE = "data/categories.yaml"

# Officials, provinces, topics and tags: one engine (plugins/portal_taxonomy), declared here.
# name = the front matter field; segment = the URL; registry = content/<file> (none for
# free-form tags); weight = how much one shared term counts in related news. Optional:
# per_page (20 article cards on a term's first page), first_page_headlines (30 headlines under
# them), older_per_page (100 headlines on each page of older articles), feed_items (20, newest
# articles in each term's RSS/Atom), feeds (True).
PORTAL_TAXONOMIES = [
    {
        "name": "officials", "segment": "can-bo", "kind": "officials", "registry": "data/officials.yaml",
        "title": "Cán bộ, lãnh đạo", "label": "Cán bộ được nhắc đến", "weight": 3.0,
        "index_template": "officials", "term_template": "official",
    },
    {
        "name": "provinces", "segment": "tinh-thanh", "kind": "provinces", "registry": "data/provinces.yaml",
        "title": "Tỉnh, thành phố", "label": "Tỉnh, thành phố", "weight": 2.0,
        "index_template": "provinces", "term_template": "province",
    },
    {
        "name": "topics", "segment": "chu-de", "kind": "topics", "registry": "data/topics.yaml",
        "title": "Chủ đề cải cách hành chính", "label": "Chủ đề", "weight": 3.0,
        "index_template": "topics", "term_template": "topic",
    },
    {
        "name": "tags", "segment": "tu-khoa", "kind": "free", "registry": None,
        "title": "Từ khóa", "label": "Từ khóa", "weight": 1.0,
        "index_template": "tags", "term_template": "tag",
    },
]

THEME = os.path.join(_HERE, "theme")
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"
READERS = {"html": None, "rst": None, "markdown": None, "mdown": None, "mkd": None, "mdwn": None}

# Only our reader reads articles; metadata never comes from file names or paths.
FILENAME_METADATA = r"(?!)"
PATH_METADATA = ""
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "title"
# One language: no translation matching (Pelican's is quadratic in the number of articles).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# URLs: articles by year/month, pages at the top, listings as directories.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
DRAFT_URL = "ban-nhap/{slug}.html"
DRAFT_SAVE_AS = DRAFT_URL
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = PAGE_URL
DRAFT_PAGE_URL = "ban-nhap/trang/{slug}.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL
ARTICLE_LANG_SAVE_AS = ""
# Pages in another language (`lang: en`, paired with `translation_of:`) keep the address
# pattern of every page: `make check` and the URL history compute it the same way.
PAGE_LANG_URL = PAGE_URL
PAGE_LANG_SAVE_AS = PAGE_SAVE_AS
DRAFT_PAGE_LANG_URL = DRAFT_PAGE_URL
DRAFT_PAGE_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS
# The English page the header's "English" link leads to from pages without a translation.
PORTAL_ENGLISH_HOME = "about"
PORTAL_CATEGORY_URL = "chuyen-muc/{slug}/"
PORTAL_CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
CATEGORY_SAVE_AS = ""
# Pelican's own tag/category/author pages and period archives are replaced by portal_site.
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
INDEX_SAVE_AS = ""
DIRECT_TEMPLATES = ["404"]

DEFAULT_PAGINATION = 20
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)

# Pelican's feeds are off: portal_site writes RSS 2.0 and Atom with the language,
# summaries and ids the portal needs (site-wide and per category).
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 50
PORTAL_FEEDS = True

# Development: drafts are built (under ban-nhap/) so editors can preview them.
PORTAL_SHOW_DRAFTS = True

# Precompressed .br/.gz beside every text file (plugins/portal_compress), for nginx's
# brotli_static/gzip_static: only `make publish` (publishconf.py) pays for it.
PORTAL_PRECOMPRESS = False

# Reading is done in parallel by portal_reader; Pelican's pickle cache adds nothing.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
OUTPUT_RETENTION = []
TYPOGRIFY = False

# Templates escape by default; trusted HTML (the sanitised body) is marked |safe.
# auto_reload off: each build makes new environments anyway, and checking every template's
# file time on every page costs a stat per import.
JINJA_ENVIRONMENT = {
    "trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "extensions": [], "auto_reload": False,
}
# Term pages (official, province, topic, tag) are paginated by portal_taxonomy: per_page cards
# and first_page_headlines headlines, then older_per_page headlines a page (PORTAL_TAXONOMIES).
PAGINATED_TEMPLATES = {"category": None, "period_archives": None}
