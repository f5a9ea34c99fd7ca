"""Which files an image becomes, and the cache key of each.

A variant is a pure function of the source's bytes (through its hash), the operation
(fit to a width, or crop to a box), the format and the encoder settings. Its key hashes
all of them with VERSION, which changes whenever this code changes what it produces:
so a key never names two different results, and an unchanged input is never encoded
twice (Hugo and Zola name processed images the same way).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cached_property

# Bump when encode.py or the variant list changes the bytes it writes.
VERSION = 1

# Widths of article photos: phone (360, 640), tablet and 2x phone (960, 1280), large 2x.
CONTENT_WIDTHS = (360, 640, 960, 1280, 1920)
# Listing cards: 7rem (112 px) on phones, 12rem (192 px) on wider screens; at 1x and 2x.
CARD_BOXES = ((192, 128), (384, 256))
# Open Graph / Zalo / Facebook share image.
SOCIAL_BOX = (1200, 630)
# With it, the 4:3 and 1:1 crops search engines ask for in a NewsArticle's `image`
# (portal_site/structured_data.py): the three ratios Google's article guidelines list.
SCHEMA_BOXES = ((1200, 900), (1200, 1200))
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class EncoderSettings:
    """Encoder settings: part of every key. Chosen with bench/images.py (SSIM ≥ 0.95)."""

    avif_quality: int = 45
    avif_speed: int = 9
    webp_quality: int = 68
    webp_method: int = 2
    jpeg_quality: int = 72

    @cached_property
    def digest(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


@dataclass(frozen=True)
class Variant:
    """One output file: `op` is 'fit' (keep the aspect, set the width) or 'crop' (cover a box)."""

    role: str  # 'content', 'card' or 'social' (the share image first, then SCHEMA_BOXES)
    op: str
    width: int
    height: int
    fmt: str
    key: str

    @property
    def frame(self) -> str:
        return f"{self.op}:{self.width}x{self.height}"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.fmt]


def variant_key(source_hash: str, op: str, width: int, height: int, fmt: str, settings: EncoderSettings) -> str:
    text = f"v{VERSION}\n{source_hash}\n{op}:{width}x{height}\n{fmt}\n{settings.digest}"
    return hashlib.sha256(text.encode()).hexdigest()


def content_widths(width: int) -> list[int]:
    """The srcset widths for a source this wide: never wider than the original."""
    widths = [w for w in CONTENT_WIDTHS if w < width]
    widths.append(min(width, CONTENT_WIDTHS[-1]))
    return sorted(set(widths))


def card_boxes(width: int, height: int) -> list[tuple[int, int]]:
    """The 3:2 thumbnail boxes no larger than the source (at least one, however small)."""
    boxes = [(w, h) for w, h in CARD_BOXES if w <= width and h <= height]
    if not boxes:
        w = min(width, height * 3 // 2, CARD_BOXES[0][0])
        boxes = [(max(1, w), max(1, w * 2 // 3))]
    return boxes


def plan(
    source_hash: str, width: int, height: int, alpha: bool, lead: bool, settings: EncoderSettings
) -> list[Variant]:
    """Every variant of one source. `lead` adds the card thumbnails and the social image."""
    fallback = "png" if alpha else "jpeg"
    formats = ("avif", "webp", fallback)
    out: list[Variant] = []

    def add(role: str, op: str, w: int, h: int, fmts: tuple[str, ...]) -> None:
        for fmt in fmts:
            out.append(Variant(role, op, w, h, fmt, variant_key(source_hash, op, w, h, fmt, settings)))

    for w in content_widths(width):
        add("content", "fit", w, max(1, round(height * w / width)), formats)
    if lead:
        for w, h in card_boxes(width, height):
            add("card", "crop", w, h, formats)
        add("social", "crop", *SOCIAL_BOX, ("jpeg",))  # JPEG everywhere: share crawlers
        for w, h in SCHEMA_BOXES:
            add("social", "crop", w, h, ("jpeg",))
    return out
