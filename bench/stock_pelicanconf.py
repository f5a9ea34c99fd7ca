"""Settings for the baseline of the benchmark: stock Pelican 4.12 as it comes.

Default Markdown reader, default theme ("notmyidea"), no plugins, default feeds, no content cache, so each run
does the full work. Only what a Vietnamese site must set anyway is set here. bench/run.py passes the content
folder (<corpus>/stock) and the output folder on the command line.
"""

SITENAME = "Cải cách hành chính"
# Absolute URLs as on a published site; without SITEURL Pelican warns that the feeds may be invalid.
SITEURL = "https://cchc.example.gov.vn"
RELATIVE_URLS = False

TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"

PLUGINS = []  # stock: no plugins, not even namespace-package discovery

# Every run starts cold: no reading or writing of Pelican's content cache.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

# THEME, MARKDOWN, feeds (FEED_ALL_ATOM, CATEGORY_FEED_ATOM, AUTHOR_FEED_*), pagination and URLs stay at
# Pelican's defaults on purpose.
