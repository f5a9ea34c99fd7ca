"""portal_images: <picture> markup, normalising, the cache, and every image error.

Each test builds a tiny site with photos drawn here by Pillow (a few hundred pixels), so
the whole file runs in seconds. Builds encode in-process (PORTAL_IMAGE_PROCESSES=1).
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from portal_diagnostics import BuildFailed

from .conftest import article, build
from .ssim import camera_like, ssim

LEAD = "{src: ../../images/2023/anh.jpg, alt: Quang cảnh hội nghị, caption: Hội nghị., credit: Quốc Dũng}"
BODY = "Mở đầu.\n\n![Thứ trưởng phát biểu](../../images/2023/anh.jpg)\nThứ trưởng phát biểu. Ảnh: Quốc Dũng\n"
# Line of the `image:` field and of the body image in an article() with image= and body=.
LEAD_LINE, BODY_LINE = 7, 11


def jpeg(image: Image.Image, **options: object) -> bytes:
    buffer = io.BytesIO()
    options.setdefault("quality", 90)
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def make_site(site, images: dict[str, bytes], **fields: str):  # type: ignore[no-untyped-def]
    fields.setdefault("image", LEAD)
    fields.setdefault("body", BODY)
    content, output = site({"articles/2023/bai.md": article("Bài có ảnh", **fields)})
    for rel, data in images.items():
        path = content / "images" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content, output


def run(content: Path, output: Path, **settings: object) -> None:
    settings.setdefault("PORTAL_IMAGE_PROCESSES", 1)
    build(content, output, **settings)


def article_html(output: Path) -> str:
    return next((output / "2023" / "06").glob("*.html")).read_text(encoding="utf-8")


def variants(output: Path, suffix: str = "") -> list[Path]:
    return sorted(p for p in (output / "anh").rglob(f"*{suffix}") if p.is_file())


def problems(content: Path, output: Path, **settings: object) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        run(content, output, **settings)
    return [str(p) for p in failure.value.problems]


# -- the page ------------------------------------------------------------------------------


def test_lead_and_body_photos_become_pictures_with_avif_webp_and_jpeg(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(camera_like(1000, 600, 1))})
    run(content, output)
    page = article_html(output)
    pictures = re.findall(r"<picture>.*?</picture>", page)
    assert len(pictures) == 2
    lead, body = pictures
    for markup in pictures:
        assert '<source type="image/avif" srcset="../../anh/2023/anh-360w-' in markup
        assert '<source type="image/webp"' in markup
        assert re.search(r'<img src="../../anh/2023/anh-960w-[0-9a-f]{10}\.jpg" srcset="[^"]+ 360w, [^"]+ 640w, '
                         r'[^"]+ 960w, [^"]+ 1000w" sizes="\(min-width: 72em\) 48rem, ', markup)
        assert 'width="1000" height="600"' in markup
    assert 'alt="Quang cảnh hội nghị" fetchpriority="high" decoding="async"' in lead
    assert 'alt="Thứ trưởng phát biểu" loading="lazy" decoding="async"' in body
    assert '</picture><figcaption>Thứ trưởng phát biểu. <span class="credit">Ảnh: Quốc Dũng</span></figcaption>' in page
    # og:image only with an absolute SITEURL; cards on the category page; no original copied
    assert "og:image" not in page
    listing = (output / "chuyen-muc" / "tin-tong-hop" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<picture class="card-image">.*anh-192x128-.*anh-384x256-.*sizes="\(min-width: 48em\) 12rem, 7rem"', listing)
    assert not (output / "images").exists()
    names = [p.name for p in variants(output)]
    assert len(names) == 4 * 3 + 2 * 3 + 3  # widths × formats, cards × formats, social 1.91:1, 4:3, 1:1
    assert all(re.fullmatch(r"anh-(\d+w|\d+x\d+)-[0-9a-f]{10}\.(avif|webp|jpg)", n) for n in names)


def test_social_image_is_1200_by_630_and_absolute_in_production(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(camera_like(900, 600, 2))})
    run(content, output, SITEURL="https://cchc.example.vn", RELATIVE_URLS=False)
    page = article_html(output)
    match = re.search(r'<meta property="og:image" content="https://cchc.example.vn/(anh/2023/anh-1200x630-\w+\.jpg)">', page)
    assert match, page
    assert Image.open(output / match.group(1)).size == (1200, 630)
    assert '<meta property="og:image:width" content="1200">' in page


def test_srcset_is_never_wider_than_the_original(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(camera_like(500, 300, 3))}, body="Không ảnh.\n")
    run(content, output)
    widths = {Image.open(p).width for p in variants(output) if "w-" in p.name}
    assert widths == {360, 500}


def test_variants_stay_faithful_to_the_resized_original(site) -> None:  # type: ignore[no-untyped-def]
    original = camera_like(1000, 600, 4)
    content, output = make_site(site, {"2023/anh.jpg": jpeg(original, quality=95)}, body="Không ảnh.\n")
    run(content, output)
    for path in variants(output):
        if "-640w-" in path.name:
            reference = original.resize((640, 384), Image.Resampling.LANCZOS)
            assert ssim(reference, Image.open(path)) >= 0.95, path.name


# -- normalising ---------------------------------------------------------------------------


def test_exif_rotation_is_applied_and_all_metadata_stripped(site) -> None:  # type: ignore[no-untyped-def]
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS
    source = Image.new("RGB", (400, 200), (200, 30, 30))
    source.paste((20, 20, 200), (0, 0, 200, 200))  # left half blue
    data = jpeg(source, exif=exif.tobytes(), icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    content, output = make_site(site, {"2023/anh.jpg": data}, body="Không ảnh.\n")
    run(content, output)
    assert 'width="200" height="400"' in article_html(output)
    for path in variants(output):
        image = Image.open(path)
        assert not image.getexif(), path.name
        assert "icc_profile" not in image.info and "xmp" not in image.info, path.name
        assert b"Exif" not in path.read_bytes()[:4096], path.name
    upright = Image.open(next(p for p in variants(output, ".jpg") if "-200w-" in p.name)).convert("RGB")
    assert upright.size == (200, 400)
    r, g, b = upright.getpixel((100, 50))  # top after rotating: the blue half
    assert b > 150 and r < 80


def test_transparency_is_kept_with_a_png_fallback(site) -> None:  # type: ignore[no-untyped-def]
    logo = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    logo.paste((200, 0, 0, 255), (100, 100, 300, 200))
    palette = logo.convert("P", palette=Image.Palette.ADAPTIVE)
    palette.info["transparency"] = palette.getpixel((0, 0))
    buffers = {}
    for name, image in (("logo.png", logo), ("p.png", palette)):
        buffer = io.BytesIO()
        image.save(buffer, "PNG")
        buffers[f"2023/{name}"] = buffer.getvalue()
    body = "![Biểu trưng](../../images/2023/logo.png)\n\n![Bảng màu](../../images/2023/p.png)\n"
    content, output = make_site(site, buffers, image=None, body=body)
    run(content, output)
    page = article_html(output)
    assert re.search(r'<img src="../../anh/2023/logo-400w-\w+\.png"', page)
    for path in variants(output):
        image = Image.open(path)
        assert image.mode == "RGBA", path.name
        assert image.getpixel((5, 5))[3] == 0 and image.getpixel((200, 150))[3] == 255, path.name


def test_cmyk_and_greyscale_become_rgb(site) -> None:  # type: ignore[no-untyped-def]
    cmyk = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # pure red ink
    content, output = make_site(
        site, {"2023/anh.jpg": jpeg(cmyk), "2023/xam.jpg": jpeg(Image.new("L", (400, 300), 128))},
        body="![Ảnh xám](../../images/2023/xam.jpg)\n",
    )
    run(content, output)
    for path in variants(output, ".jpg"):
        image = Image.open(path)
        assert image.mode == "RGB", path.name
    red = Image.open(next(p for p in variants(output, ".jpg") if p.name.startswith("anh-360w"))).getpixel((10, 10))
    assert red[0] > 200 and red[1] < 60 and red[2] < 60


# -- the cache -----------------------------------------------------------------------------


def test_cache_key_changes_when_and_only_when_an_input_changes(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_images import variants as v

    settings = v.EncoderSettings()
    base = v.variant_key("abc", "fit", 640, 400, "avif", settings)
    assert v.variant_key("abc", "fit", 640, 400, "avif", v.EncoderSettings()) == base
    changed = [
        v.variant_key("abd", "fit", 640, 400, "avif", settings),
        v.variant_key("abc", "crop", 640, 400, "avif", settings),
        v.variant_key("abc", "fit", 960, 400, "avif", settings),
        v.variant_key("abc", "fit", 640, 401, "avif", settings),
        v.variant_key("abc", "fit", 640, 400, "webp", settings),
        v.variant_key("abc", "fit", 640, 400, "avif", v.EncoderSettings(avif_quality=settings.avif_quality + 1)),
    ]
    monkeypatch.setattr(v, "VERSION", v.VERSION + 1)
    changed.append(v.variant_key("abc", "fit", 640, 400, "avif", settings))
    assert base not in changed and len(set(changed)) == len(changed)


def test_fresh_clone_with_restored_cache_encodes_nothing(site, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_images import work

    content, output = make_site(site, {"2023/anh.jpg": jpeg(camera_like(400, 240, 5))})
    cache = tmp_path / "cache"
    run(content, output, PORTAL_IMAGE_CACHE=str(cache))
    first = {p.relative_to(output): p.read_bytes() for p in variants(output)}
    # A fresh clone: the same files under new paths, with new mtimes and inodes.
    clone = tmp_path / "clone"
    shutil.copytree(content.parent / "content", clone / "content")
    restored = tmp_path / "restored-cache"
    shutil.copytree(cache, restored)

    def no_encoding(*_args: object) -> None:
        raise AssertionError("a warm build must not decode or encode any image")

    monkeypatch.setattr(work, "normalise", no_encoding)
    run(clone / "content", clone / "output", PORTAL_IMAGE_CACHE=str(restored))
    assert {p.relative_to(clone / "output"): p.read_bytes() for p in variants(clone / "output")} == first


def test_two_cold_builds_give_identical_variants(site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(camera_like(400, 240, 6))}, body="Không ảnh.\n")
    run(content, tmp_path / "a", PORTAL_IMAGE_CACHE=str(tmp_path / "c1"))
    run(content, tmp_path / "b", PORTAL_IMAGE_CACHE=str(tmp_path / "c2"))
    a, b = variants(tmp_path / "a"), variants(tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b, strict=True))


def test_variants_no_longer_referenced_disappear_from_output(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(
        site, {"2023/anh.jpg": jpeg(camera_like(400, 240, 7)), "2023/moi.jpg": jpeg(camera_like(400, 240, 8))}
    )
    run(content, output)
    assert all(p.name.startswith("anh-") for p in variants(output))
    source = content / "articles" / "2023" / "bai.md"
    source.write_text(source.read_text(encoding="utf-8").replace("anh.jpg", "moi.jpg"), encoding="utf-8")
    run(content, output)
    names = [p.name for p in variants(output)]
    assert names and all(n.startswith("moi-") for n in names)


def test_cache_writes_are_atomic(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from portal_images import cache

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        cache.atomic_write(str(tmp_path / "files" / "ab" / "abc.avif"), b"data")
    assert list((tmp_path / "files" / "ab").iterdir()) == []


# -- errors --------------------------------------------------------------------------------

WHERE = "content/articles/2023/bai.md"


def test_corrupt_and_truncated_files_name_the_article_and_line(site) -> None:  # type: ignore[no-untyped-def]
    whole = jpeg(camera_like(300, 200, 9))
    content, output = make_site(site, {"2023/anh.jpg": whole[: len(whole) // 2]})
    lead, body = problems(content, output)
    message = "ảnh 'images/2023/anh.jpg': tệp bị hỏng hoặc thiếu dữ liệu, không giải mã được (image file is truncated"
    assert lead.startswith(f"{WHERE}:{LEAD_LINE}: image.src: {message}") and lead.endswith("); hãy xuất lại ảnh")
    assert body.startswith(f"{WHERE}:{BODY_LINE}: body: {message}")


def test_a_file_that_is_not_an_image_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": b"<html>not a photo</html>"}, body="Không ảnh.\n")
    assert problems(content, output)[0] == (
        f"{WHERE}:{LEAD_LINE}: image.src: ảnh 'images/2023/anh.jpg': không phải ảnh, hoặc là định dạng cổng thông tin "
        "không đọc được (cần JPEG, PNG, WebP, GIF, TIFF hoặc AVIF)"
    )


def test_an_unsupported_format_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    bmp = io.BytesIO()
    Image.new("RGB", (20, 20)).save(bmp, "BMP")
    content, output = make_site(site, {"2023/anh.jpg": bmp.getvalue()}, body="Không ảnh.\n")
    assert problems(content, output)[0] == (
        f"{WHERE}:{LEAD_LINE}: image.src: ảnh 'images/2023/anh.jpg': không phải định dạng ảnh mà cổng thông tin đăng "
        "được (tệp này là BMP, cần JPEG, PNG, WebP, GIF, TIFF hoặc AVIF)"
    )


def test_an_image_over_the_pixel_limit_is_refused(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(Image.new("RGB", (300, 200)))}, body="Không ảnh.\n")
    assert problems(content, output, PORTAL_IMAGE_MAX_PIXELS=10_000)[0] == (
        f"{WHERE}:{LEAD_LINE}: image.src: ảnh 'images/2023/anh.jpg': quá lớn, không xử lý an toàn được "
        "(300×200 = 60.000 điểm ảnh, cần tối đa 10.000: PORTAL_IMAGE_MAX_PIXELS); hãy thu nhỏ ảnh trước khi commit"
    )


def test_missing_file_escaping_path_and_missing_alt_are_reported(site) -> None:  # type: ignore[no-untyped-def]
    body = "![](../../images/2023/anh.jpg)\n\n![Ảnh](../../../../etc/passwd.jpg)\n"
    lead = "{src: ../../images/2023/ahn.jpg, alt: Quang cảnh}"
    content, output = make_site(site, {"2023/anh.jpg": jpeg(Image.new("RGB", (40, 30)))}, image=lead, body=body)
    assert problems(content, output) == [
        f"{WHERE}:{LEAD_LINE}: image.src: ảnh '../../images/2023/ahn.jpg' không tồn tại "
        "(đã tìm content/images/2023/ahn.jpg). Có phải ý bạn là '../../images/2023/anh.jpg'?",
        f"{WHERE}:9: body: ảnh '../../images/2023/anh.jpg' chưa có mô tả: ghi mô tả giữa hai dấu ngoặc vuông, "
        "ví dụ ![Quang cảnh hội nghị](…)",
        f"{WHERE}:11: body: ảnh '../../../../etc/passwd.jpg' trỏ ra ngoài content/ (cần một tệp trong content/)",
    ]


def test_a_lead_photo_without_alt_is_reported(site) -> None:  # type: ignore[no-untyped-def]
    content, output = make_site(site, {"2023/anh.jpg": jpeg(Image.new("RGB", (40, 30)))},
                                image="{src: ../../images/2023/anh.jpg}", body="x\n")
    assert problems(content, output) == [
        f"{WHERE}:{LEAD_LINE}: image: thiếu trường bắt buộc 'alt' (cần các trường {{src: …, alt: …, caption: …, credit: …}})"
    ]


def test_an_official_portrait_is_published_as_a_picture(site) -> None:  # type: ignore[no-untyped-def]
    from .conftest import REGISTRIES

    officials = REGISTRIES["officials.yaml"].replace(
        "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n",
        "- key: nguyen-trong-thua\n  name: Nguyễn Trọng Thừa\n  portrait: ../images/can-bo/thua.jpg\n",
    )
    content, output = make_site(site, {"can-bo/thua.jpg": jpeg(camera_like(400, 500, 10))}, image=None, body="x\n")
    (content / "data" / "officials.yaml").write_text(officials, encoding="utf-8")
    run(content, output)
    page = (output / "can-bo" / "nguyen-trong-thua" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<picture class="portrait"><source type="image/avif" srcset="../../anh/can-bo/thua-360w-\w+\.avif 360w, '
                     r'../../anh/can-bo/thua-400w-\w+\.avif 400w" sizes="10rem">', page)
    assert 'width="400" height="500" alt="Ảnh chân dung Nguyễn Trọng Thừa" fetchpriority="high"' in page


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_in_a_terminal(monkeypatch, tty: bool) -> None:  # type: ignore[no-untyped-def]
    from portal_images import pool

    stderr = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    assert list(pool.run(abs, [-3, -1, -2], processes=2)) == [3, 1, 2]  # forked workers, in job order
    if tty:
        assert stderr.getvalue().startswith("\rportal_images: encoding 0/3 images [")
        assert "encoding 3/3 images [==============================] 100%" in stderr.getvalue()
        assert stderr.getvalue().endswith("\n")
    else:
        assert stderr.getvalue() == ""
