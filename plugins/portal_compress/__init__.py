"""Precompressed copies of the published text files, for a web server to send as they are.

`make publish` (publishconf.py: `PORTAL_PRECOMPRESS = True`) writes `<file>.br` (brotli) and
`<file>.gz` (gzip) beside every text file of the tree about to be published (HTML, CSS, JS,
XML, JSON, SVG, plain text, web manifests and the search index's shards), each only when it
is smaller than the file. nginx sends them with `brotli_static` / `gzip_static`
(deploy/nginx/). The bytes depend only on the file's bytes (gzip: no name, time 0; brotli:
fixed qualities), so two builds of the same site are identical.

A rebuild compresses only what changed: a file that is the previous tree's file (same inode,
linked by portal_output) or holds the same bytes gets the previous tree's `.br`/`.gz` as
hard links. `make html` leaves it off (pelicanconf.py), so previews stay fast.
"""

from __future__ import annotations

from .precompress import BROTLI_QUALITY, SUFFIXES, Stats, precompress, precompress_site

__all__ = ["BROTLI_QUALITY", "SUFFIXES", "Stats", "precompress", "precompress_site"]
