"""The plugin's settings: defaults in one place, checked once when the build starts."""

from __future__ import annotations

import os
from typing import Any

from .variants import EncoderSettings

DEFAULTS: dict[str, Any] = {
    # Cache of encoded variants; relative paths are relative to the folder holding PATH
    # (content/), so `.cache/images` at the repository root.
    "PORTAL_IMAGE_CACHE": ".cache/images",
    # Larger sources are refused (a decompression bomb, or a scan far beyond any need).
    "PORTAL_IMAGE_MAX_PIXELS": 50_000_000,
    # Worker processes for encoding (None: every core).
    "PORTAL_IMAGE_PROCESSES": None,
    # Encoder settings (see variants.EncoderSettings); {} keeps the tuned defaults.
    "PORTAL_IMAGE_ENCODER": {},
}


def apply_defaults(settings: dict[str, Any]) -> list[str]:
    """Fill in defaults; return problems with the values (for pelicanconf.py)."""
    problems: list[str] = []
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    limit = settings["PORTAL_IMAGE_MAX_PIXELS"]
    if not isinstance(limit, int) or limit <= 0:
        problems.append(f"PORTAL_IMAGE_MAX_PIXELS: expected a positive number of pixels (got {limit!r})")
    encoder = settings["PORTAL_IMAGE_ENCODER"]
    known = set(EncoderSettings.__dataclass_fields__)
    if not isinstance(encoder, dict) or set(encoder) - known:
        problems.append(f"PORTAL_IMAGE_ENCODER: expected a dict with keys among {sorted(known)} (got {encoder!r})")
    return problems


def encoder_settings(settings: dict[str, Any]) -> EncoderSettings:
    encoder = settings.get("PORTAL_IMAGE_ENCODER") or {}
    return EncoderSettings(**encoder) if isinstance(encoder, dict) else EncoderSettings()


def cache_root(settings: dict[str, Any]) -> str:
    root = str(settings["PORTAL_IMAGE_CACHE"])
    if os.path.isabs(root):
        return root
    return os.path.join(os.path.dirname(os.path.abspath(settings["PATH"])), root)
