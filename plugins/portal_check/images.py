"""Would the build accept an image? `make check` asks the image pipeline itself
(portal_images.encode.check_source), so both say the same thing in the same words: a
corrupt or truncated file, a format the portal cannot publish, an image over the pixel
limit (PORTAL_IMAGE_MAX_PIXELS, read from the project's settings).
"""

from __future__ import annotations

from portal_images.encode import check_source
from portal_images.settings import DEFAULTS

DEFAULT_MAX_PIXELS: int = DEFAULTS["PORTAL_IMAGE_MAX_PIXELS"]


def image_problem(path: str, max_pixels: int = DEFAULT_MAX_PIXELS) -> str | None:
    """None for an image the build accepts, else the build's reason. (The reader refuses
    images that are not photos, SVG included, before they get here.)"""
    return check_source(path, max_pixels)
