"""One build's images: find every reference, encode what the cache lacks, publish, mark up.

1. references(): the lead photo (front matter `image.src`, with its line) and every body
   image (the reader's `Origin.body_images`, with lines) of every article, draft and page.
2. Each source is hashed (cache.py memo); if the cache knows its size and holds all its
   variants, nothing is opened. Otherwise a worker decodes it and encodes what is missing.
3. A source that cannot be published is a problem for every article using it, at the line
   that names it. The build then fails once, with every other problem (portal_diagnostics).
4. Referenced variants are copied from the cache (or linked from the site being replaced,
   when it holds an intact copy) into the (temporary) output folder under
   content-hashed names, `anh/<folder>/<name>-<width>w-<hash>.<ext>`, safe to cache forever.
   Nothing else is written, so a variant no longer referenced is gone after the swap.
5. Articles get `image.picture` (article column), `image.card` (listing thumbnail),
   `image.social` (1200×630 JPEG for og:image) and `image.renditions` (that image and its
   4:3 and 1:1 siblings, with sizes in pixels and bytes: structured data and feed
   enclosures); body <img> tags become <picture>.
"""

from __future__ import annotations

import html as html_lib
import logging
import os
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from portal_diagnostics import Problem
from portal_diagnostics.timing import timed
from portal_reader.links import PHOTO_EXTENSIONS
from portal_reader.origin import origin_of

from . import pool
from .cache import ImageCache, publish
from .html import SITE_TOKEN, Picture, Rendition, picture_html, replace_images
from .settings import cache_root, encoder_settings
from .variants import MIME, EncoderSettings, Variant, plan
from .work import Job, Outcome, process

logger = logging.getLogger(__name__)
# Raster formats we process (the reader's list: the photos never linked as files). The reader
# refuses every other image (SVG included), so nothing else reaches this pipeline.
RASTER = PHOTO_EXTENSIONS
OUTPUT_FOLDER = "anh"


@dataclass
class Use:
    """Where a source is used: the file (as editors see it), the line and the field."""

    path: str
    line: int
    field: str


@dataclass
class Source:
    rel: str  # relative to content/
    lead: bool = False
    uses: list[Use] = field(default_factory=list)
    hash: str = ""
    public: bool = False  # used by a page this build writes (not only by unwritten drafts)
    variants: list[Variant] = field(default_factory=list)
    problem: str | None = None
    _prefix: str = ""

    def output_path(self, variant: Variant) -> str:
        """`anh/<folder>/<name>-<960w|192x128>-<key[:10]>.<ext>`: content-hashed, so a
        CDN may keep it forever; a changed photo or setting gets a new name."""
        if not self._prefix:
            folder, _, name = self.rel.rpartition("/")
            folder = folder.removeprefix("images").strip("/")
            stem = name.rpartition(".")[0] or name
            self._prefix = f"{OUTPUT_FOLDER}/{folder}/{stem}" if folder else f"{OUTPUT_FOLDER}/{stem}"
        size = f"{variant.width}w" if variant.op == "fit" else f"{variant.width}x{variant.height}"
        return f"{self._prefix}-{size}-{variant.key[:10]}.{variant.extension}"


@dataclass
class BuildReport:
    sources: int = 0
    encoded_sources: int = 0
    encoded_variants: int = 0
    published: int = 0
    problems: list[Problem] = field(default_factory=list)  # each use of an image that cannot be published


def _display(root: str, rel: str) -> str:
    from portal_reader.source import display_path

    return display_path(os.path.join(root, rel))


def cache_place(settings: dict[str, Any]) -> tuple[str, str]:
    """The image cache's folder, and its name in a fault message (a full disk)."""
    root = os.path.abspath(cache_root(settings))
    return root, _shown_folder(root)


def _shown_folder(path: str) -> str:
    relative = os.path.relpath(path)
    return (path if relative.startswith("..") else relative) + "/"


def references(contents: list[Any], root: str) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for content in contents:
        origin = origin_of(content)
        image = content.image
        lead = isinstance(image, dict) and image.get("src", "").lower().endswith(RASTER)
        body = [(line, rel) for line, rel in (origin.body_images if origin else ()) if rel.lower().endswith(RASTER)]
        if not (lead or body):
            continue  # most articles of a large site: no path to compute
        where = _display(root, origin.rel_path if origin else content.relative_source_path)
        # A draft or scheduled article in the public build is not written (empty save_as):
        # its photos are still checked, but not published.
        public = bool(getattr(content, "save_as", ""))
        if lead:
            lines = origin.lines if origin else {}
            source = sources.setdefault(image["src"], Source(image["src"]))
            source.lead = True
            source.public |= public
            source.uses.append(Use(where, lines.get("image.src", lines.get("image", 1)), "image.src"))
        for line, rel in body:
            source = sources.setdefault(rel, Source(rel))
            source.public |= public
            source.uses.append(Use(where, line, "body"))
    return sources


def process_images(
    contents: list[Any], settings: dict[str, Any], output: str, portraits: list[Any] | None = None
) -> BuildReport:
    """Everything above for `contents` (articles, drafts, pages) and `portraits` (terms of
    portal_taxonomy with a `portrait`, which get `portrait_picture`)."""
    root = os.path.abspath(settings["PATH"])
    encoder = encoder_settings(settings)
    cache = ImageCache(cache_root(settings))
    sources = references(contents, root)
    for term in portraits or ():
        rel, where = term.extra["portrait"], term.extra.get("portrait_where", "")
        if rel.lower().endswith(RASTER):
            source = sources.setdefault(rel, Source(rel))
            source.public = True
            source.uses.append(Use(where, 0, "portrait"))
    report = BuildReport(sources=len(sources))
    jobs: list[Job] = []
    links = Linker(cache, output, settings.get("PORTAL_OUTPUT_PREVIOUS_PATH"))
    with timed("images_plan"):
        for source in sources.values():
            path = os.path.join(root, source.rel)
            try:
                source.hash = cache.source_hash(path)
            except OSError as exc:
                source.problem = f"không đọc được ({exc.strerror})"
                continue
            known = cache.sources.get(source.hash)
            if known:
                source.variants = plan(source.hash, known["w"], known["h"], known["alpha"], source.lead, encoder)
    with timed("images_publish"):
        # The warm path: one link per variant, no look-up first; a variant missing from
        # the cache (pruned, or a new role) sends its source to the encoders.
        for source in sources.values():
            if source.hash and not source.problem and not (source.variants and (not source.public or links.publish(source))):
                jobs.append(Job(os.path.join(root, source.rel), source.hash, source.lead, cache.root,
                                settings["PORTAL_IMAGE_MAX_PIXELS"], encoder))
    if jobs:
        processes = pool.cpu_count(settings.get("PORTAL_IMAGE_PROCESSES"))
        with timed("images_encode"):
            outcomes: list[Outcome] = list(pool.run(process, jobs, processes))
        by_hash: dict[str, list[Source]] = {}
        for source in sources.values():
            by_hash.setdefault(source.hash, []).append(source)
        for outcome in outcomes:
            _apply(outcome, by_hash.get(outcome.source_hash, []), cache, encoder)
            report.encoded_sources += 1 if outcome.encoded else 0
            report.encoded_variants += outcome.encoded
        encoded = {job.source_hash for job in jobs}
        for source in sources.values():
            if (
                source.hash in encoded
                and not source.problem
                and source.public
                and not links.publish(source)
            ):
                source.problem = "không lưu được các bản đã mã hoá của ảnh vào bộ nhớ đệm (PORTAL_IMAGE_CACHE)"
    cache.save()
    report.published = links.count
    for source in sources.values():
        if source.problem:
            report.problems += [Problem(use.path, use.line, use.field, f"ảnh '{source.rel}': {source.problem}")
                                for use in source.uses]
    _attach(contents, sources, cache)
    for term in portraits or ():
        source = sources.get(term.extra["portrait"])
        if source and source.variants and not source.problem:
            term.extra["portrait_picture"] = pictures(source, "content")
    if report.encoded_variants:
        logger.info(
            "portal_images: %d sources, %d encoded (%d variants), %d files published",
            report.sources, report.encoded_sources, report.encoded_variants, report.published,
        )
    return report


def _apply(outcome: Outcome, same_bytes: list[Source], cache: ImageCache, encoder: EncoderSettings) -> None:
    # Two paths with the same bytes share a hash: give the outcome to each of them.
    for source in same_bytes:
        if outcome.problem:
            source.problem = outcome.problem
            continue
        cache.remember_source(outcome.source_hash, outcome.width, outcome.height, outcome.alpha)
        source.variants = plan(source.hash, outcome.width, outcome.height, outcome.alpha, source.lead, encoder)


class Linker:
    """Copies cached variants into output/ (a fresh temporary folder: see portal_output),
    reusing the copies of the site being replaced (`previous`, portal_output's
    PORTAL_OUTPUT_PREVIOUS_PATH) that are still intact (cache.publish)."""

    def __init__(self, cache: ImageCache, output: str, previous: str | None = None) -> None:
        self.cache, self.output, self.previous = cache, output, previous
        self.folders: set[str] = set()
        self.done: set[str] = set()
        self.count = 0

    def publish(self, source: Source) -> bool:
        """Copy every variant of `source`; False if one is missing from the cache."""
        for variant in source.variants:
            target = source.output_path(variant)
            if target in self.done:
                continue
            folder = target.rpartition("/")[0]
            if folder not in self.folders:
                os.makedirs(f"{self.output}/{folder}", exist_ok=True)
                self.folders.add(folder)
            try:
                publish(self.cache.file_path(variant.key, variant.extension), f"{self.output}/{target}",
                        f"{self.previous}/{target}" if self.previous else None)
            except FileNotFoundError:
                return False
            self.done.add(target)
            self.count += 1
        return True


def pictures(source: Source, role: str) -> Picture | None:
    chosen = [v for v in source.variants if v.role == role]
    if not chosen:
        return None
    largest = max(chosen, key=lambda v: v.width)
    picture = Picture(largest.width, largest.height)
    for variant in sorted(chosen, key=lambda v: v.width):
        picture.sources.setdefault(MIME[variant.fmt], []).append((source.output_path(variant), variant.width))
    picture.fallback_mime = "image/png" if "image/png" in picture.sources else "image/jpeg"
    return picture


def renditions(source: Source, cache: ImageCache) -> list[Rendition]:
    """The source's social crops (1200×630 first), each with its file's size in bytes (a
    feed's enclosure gives it); a variant missing from the cache is left out."""
    found = []
    for variant in source.variants:
        if variant.role != "social":
            continue
        try:
            size = os.path.getsize(cache.file_path(variant.key, variant.extension))
        except OSError:
            continue
        found.append(Rendition(source.output_path(variant), variant.width, variant.height, MIME[variant.fmt], size))
    return found


def _attach(contents: list[Any], sources: dict[str, Source], cache: ImageCache) -> None:
    ready = {rel: s for rel, s in sources.items() if s.variants and not s.problem}
    for content in contents:
        image = content.image
        if isinstance(image, dict) and image.get("src") in ready:
            source = ready[image["src"]]
            image["picture"] = pictures(source, "content")
            image["card"] = pictures(source, "card")
            social = [v for v in source.variants if v.role == "social"]
            image["social"] = source.output_path(social[0]) if social else None
            image["renditions"] = renditions(source, cache)
        origin = origin_of(content)
        if origin and any(rel in ready for _line, rel in origin.body_images):
            content._content = replace_images(content._content, partial(_body_picture, ready))
            # Pelican resolves {static}/{filename} links per page in _update_content; the
            # SITEURL token of our srcset lists (which Pelican's link regex does not cover)
            # is resolved in the same place.
            content._update_content = partial(_update_content, content)


def _body_picture(ready: dict[str, Source], attributes: dict[str, str]) -> str | None:
    src = attributes.get("src", "")
    if not src.startswith("{static}/"):
        return None
    source = ready.get(html_lib.unescape(src[len("{static}/") :]))
    picture = pictures(source, "content") if source else None
    if picture is None:
        return None
    alt = html_lib.unescape(attributes.get("alt", ""))
    title = html_lib.unescape(attributes.get("title", ""))
    return picture_html(picture, alt, SITE_TOKEN, "article", eager=False, title=title)


def _update_content(content: Any, text: str, siteurl: str) -> str:
    text = text.replace(SITE_TOKEN + "/", f"{siteurl}/")
    return type(content)._update_content(content, text, siteurl)


def drop_static_links(generator: Any, sources: dict[str, Source]) -> None:
    """Pelican copies every file a body links with {static}: not our originals (EXIF, GPS)."""
    links = generator.context.get("static_links")
    if isinstance(links, set):
        links.difference_update(sources)
