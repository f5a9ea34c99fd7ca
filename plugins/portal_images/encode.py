"""Decode one source photo safely, normalise it, and encode its variants.

Runs in worker processes: plain data in, plain data out. A source is decoded once per
task; every variant is resized from the normalised image (largest first, each smaller
one from the previous, which keeps Lanczos quality and saves time).

Normalising: EXIF orientation applied; embedded colour profiles converted to sRGB; CMYK,
greyscale and palette images converted to RGB, or RGBA when they really use transparency.
Nothing of the source's metadata (EXIF with GPS, XMP, IPTC, ICC) is written to a variant:
the encoders get an image whose `info` is empty.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from vietnamese.text import group_digits

from .variants import EncoderSettings, Variant

# Formats editors may commit. MPO is what many cameras write for a plain JPEG.
READABLE = {"JPEG", "MPO", "PNG", "WEBP", "GIF", "TIFF", "AVIF"}
_SRGB = ImageCms.createProfile("sRGB")


class ImageProblem(Exception):
    """A source that cannot be published; the message says why (without the path)."""


@dataclass(frozen=True)
class SourceInfo:
    """What the page needs to know about a source, after EXIF rotation."""

    width: int
    height: int
    alpha: bool


def open_source(path: str, max_pixels: int) -> Image.Image:
    """Open, check and fully decode a source; raise ImageProblem with the reason."""
    return _checked(path, max_pixels, full=True)


def check_source(path: str, max_pixels: int) -> str | None:
    """What `make check` asks: would the build accept this source? None if so, else the
    reason (the build's own words). JPEGs are decoded at 1/8 scale, which still reads the
    whole stream (so truncation shows) at a fraction of the cost."""
    try:
        _checked(path, max_pixels, full=False).close()
    except ImageProblem as exc:
        return str(exc)
    except FileNotFoundError:
        return "không tồn tại"
    return None


def _checked(path: str, max_pixels: int, full: bool) -> Image.Image:
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    # Opening reads only the header. Pillow's own bomb check is off while opening, so that
    # our size check below (before any pixel is decoded) is the one that answers, naming
    # the limit; it is on again while decoding, for formats that check frames then (GIF).
    previous_limit = Image.MAX_IMAGE_PIXELS  # a process-wide setting: restored below
    Image.MAX_IMAGE_PIXELS = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
            Image.MAX_IMAGE_PIXELS = max_pixels
            fmt = image.format or "?"
            if fmt not in READABLE:
                raise ImageProblem(
                    f"không phải định dạng ảnh mà cổng thông tin đăng được (tệp này là {fmt}, cần JPEG, PNG, WebP, "
                    "GIF, TIFF hoặc AVIF)"
                )
            pixels = image.width * image.height
            if pixels > max_pixels:
                raise ImageProblem(_too_big(image.width, image.height, max_pixels))
            if not full and fmt in ("JPEG", "MPO"):
                image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    except Image.DecompressionBombError as exc:
        raise ImageProblem(f"quá lớn, không xử lý an toàn được ({exc}: PORTAL_IMAGE_MAX_PIXELS)") from None
    except UnidentifiedImageError:
        raise ImageProblem(
            "không phải ảnh, hoặc là định dạng cổng thông tin không đọc được (cần JPEG, PNG, WebP, GIF, TIFF hoặc AVIF)"
        ) from None
    except FileNotFoundError:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"tệp bị hỏng hoặc thiếu dữ liệu, không giải mã được ({exc}); hãy xuất lại ảnh") from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
    return image


def _too_big(width: int, height: int, limit: int) -> str:
    return (
        f"quá lớn, không xử lý an toàn được ({width}×{height} = {group_digits(width * height)} điểm ảnh, "
        f"cần tối đa {group_digits(limit)}: PORTAL_IMAGE_MAX_PIXELS); hãy thu nhỏ ảnh trước khi commit"
    )


def normalise(image: Image.Image) -> Image.Image:
    """Upright, sRGB, RGB or RGBA, with no metadata left in `info`."""
    image = ImageOps.exif_transpose(image) or image
    icc = image.info.get("icc_profile")
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode == "P" or image.mode == "PA":
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if has_alpha and image.mode in ("RGBA", "LA") else "RGB"
            if image.mode == "LA":
                image = image.convert("RGBA")
            image = ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode) or image
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: treat the pixels as sRGB, as browsers do
    if has_alpha:
        image = image.convert("RGBA")
        if image.getchannel("A").getextrema()[0] == 255:
            image = image.convert("RGB")  # an alpha channel that is fully opaque
    elif image.mode != "RGB":
        image = image.convert("RGB")  # CMYK, L, I;16, …
    image.info = {}
    return image


def inspect(image: Image.Image) -> SourceInfo:
    return SourceInfo(image.width, image.height, image.mode == "RGBA")


def render(image: Image.Image, variants: list[Variant]) -> dict[str, Image.Image]:
    """Resized (and cropped) images for each distinct (op, width, height), by that key."""
    frames: dict[str, Image.Image] = {}
    # Largest first: each resize starts from the smallest frame already made that is
    # still at least twice as large as the target (or from the source).
    shapes = sorted({(v.op, v.width, v.height) for v in variants}, key=lambda s: -s[1] * s[2])
    made: list[Image.Image] = []
    for op, width, height in shapes:
        base = image
        for frame in made:
            if frame.width >= 2 * width and frame.height >= 2 * height and frame.width < base.width:
                if op != "fit" or abs(frame.width / frame.height - width / height) < 0.01:
                    base = frame
        if op == "fit":
            out = base.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        else:  # "crop": cover the box, centred
            out = ImageOps.fit(base, (width, height), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
        out.info = {}
        made.append(out)
        frames[f"{op}:{width}x{height}"] = out
    return frames


def encode(image: Image.Image, fmt: str, settings: EncoderSettings) -> bytes:
    """The bytes of `image` in `fmt` ('avif', 'webp', 'jpeg', 'png') with our settings."""
    buffer = io.BytesIO()
    image.info = {}
    if fmt == "avif":
        image.save(buffer, "AVIF", quality=settings.avif_quality, speed=settings.avif_speed, max_threads=1)
    elif fmt == "webp":
        image.save(buffer, "WEBP", quality=settings.webp_quality, method=settings.webp_method)
    elif fmt == "jpeg":
        if image.mode == "RGBA":  # the social image of a transparent PNG: on white
            flat = Image.new("RGB", image.size, (255, 255, 255))
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        image.save(
            buffer, "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True, subsampling="4:2:0"
        )
    elif fmt == "png":
        image.save(buffer, "PNG", optimize=True)
    else:  # pragma: no cover - variants only ask for the formats above
        raise ValueError(f"unknown format {fmt}")
    return buffer.getvalue()
