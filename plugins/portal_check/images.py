"""Is an image file readable? A small function of its own, to be shared with the image
pipeline (portal_images) later.

Pillow reads only the header and checks the structure (`verify`), which is cheap: it
catches a truncated upload, an HTML error page saved as .jpg or a file that is not an image.
"""

from __future__ import annotations

import os

from PIL import Image, UnidentifiedImageError

READABLE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")


def image_problem(path: str) -> str | None:
    """None for a readable image, else what is wrong, to follow "image '…' ". SVG and PDF
    files are not images Pillow reads and are accepted as they are."""
    if path.lower().endswith((".svg", ".pdf")):
        return None
    try:
        with Image.open(path) as image:
            kind = image.format
            image.verify()
    except FileNotFoundError:
        return "does not exist"
    except UnidentifiedImageError:
        return "is not an image Pillow can read: save it again as JPEG, PNG or WebP"
    except (OSError, SyntaxError, ValueError) as exc:
        return f"is damaged ({exc}): save or export it again as JPEG, PNG or WebP"
    if kind not in READABLE_FORMATS:
        return f"is in {kind} format, which browsers may not show: save it as JPEG, PNG or WebP"
    if os.path.getsize(path) == 0:
        return "is empty"
    return None
