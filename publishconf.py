"""Production settings: absolute SITEURL, feeds with absolute links, no drafts, nothing scheduled.

Used by `make publish`. SITEURL can be overridden with the PORTAL_SITEURL environment
variable (e.g. for a staging host).
"""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PORTAL_SITEURL", "https://cchc.example.vn")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
PORTAL_SHOW_DRAFTS = False
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
# A published address missing from content/data/url-history.yaml is a warning, and
# `make publish` treats warnings as errors: run `make urls` and commit the file.
PORTAL_URL_HISTORY_CHECK = True
# Precompressed .br/.gz beside every text file (plugins/portal_compress): nginx sends them as
# they are (deploy/nginx/). A rebuild compresses only the files that changed.
PORTAL_PRECOMPRESS = True
