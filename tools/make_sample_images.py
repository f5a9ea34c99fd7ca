#!/usr/bin/env python3
"""Draw the illustrative photos used by the bundled sample content.

The repository ships no real news photos. Every picture the sample articles refer to
is drawn here from simple shapes (a meeting room, a one-stop service counter, a city
skyline, a document, a chart, a phone ...) and labelled "Ảnh minh họa" in a corner,
so that nobody mistakes it for a photograph of a real event.

Output is deterministic: each image draws from its own random generator seeded with a
CRC of its name, and Pillow writes baseline JPEGs (quality 85) without EXIF or any
timestamp, so a rerun on the same Pillow build reproduces the same bytes.

Usage (from the repository root):

    .venv/bin/python tools/make_sample_images.py            # writes content/images/<year>/<name>.jpg
    .venv/bin/python tools/make_sample_images.py --out /tmp/imgs --only 2023
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "content" / "images"
LABEL = "Ảnh minh họa"
JPEG_QUALITY = 85
# Shapes are drawn at twice the final size and scaled down: cheap anti-aliasing.
SUPERSAMPLE = 2

FONT_FILES = {
    False: (
        "DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ),
    True: (
        "DejaVuSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    ),
}

Color = tuple[int, int, int]
Box = tuple[float, float, float, float]

SKIN: list[Color] = [(236, 200, 170), (224, 182, 150), (210, 165, 130), (242, 210, 185)]
HAIR: list[Color] = [(30, 26, 24), (45, 38, 34), (20, 20, 22), (70, 60, 55), (150, 150, 150)]
SHIRTS: list[Color] = [
    (245, 245, 242),
    (230, 236, 245),
    (40, 52, 78),
    (55, 55, 60),
    (200, 215, 235),
    (250, 250, 250),
    (120, 40, 45),
    (35, 70, 110),
]
UNIFORM: Color = (70, 120, 185)  # light-blue shirts of one-stop staff
RED: Color = (190, 30, 40)
GOLD: Color = (240, 200, 60)


# --------------------------------------------------------------------------- helpers

_font_cache: dict[tuple[int, bool], Any] = {}


def font(size: int, bold: bool = False) -> Any:
    """DejaVu Sans (it has every Vietnamese glyph) if installed, else Pillow's own font."""
    key = (size, bold)
    if key not in _font_cache:
        loaded: Any = None
        for candidate in FONT_FILES[bold] + FONT_FILES[False]:
            try:
                loaded = ImageFont.truetype(candidate, size)
                break
            except OSError:
                continue
        if loaded is None:
            try:
                loaded = ImageFont.load_default(size=size)
            except TypeError:  # Pillow < 10.1 has one bitmap size only
                loaded = ImageFont.load_default()
        _font_cache[key] = loaded
    return _font_cache[key]


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def mix(c1: Color, c2: Color, t: float) -> Color:
    return (round(lerp(c1[0], c2[0], t)), round(lerp(c1[1], c2[1], t)), round(lerp(c1[2], c2[2], t)))


def shade(c: Color, f: float) -> Color:
    """Darken (f < 1) or lighten (f > 1) a colour."""
    if f <= 1:
        return mix((0, 0, 0), c, f)
    return mix(c, (255, 255, 255), f - 1)


def vgradient(img: Image.Image, box: Box, top: Color, bottom: Color) -> None:
    x0, y0, x1, y1 = (round(v) for v in box)
    draw = ImageDraw.Draw(img)
    height = max(1, y1 - y0)
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=mix(top, bottom, (y - y0) / height))


def text_center(
    draw: ImageDraw.ImageDraw, cx: float, cy: float, text: str, size: int, fill: Color, bold: bool = True
) -> None:
    draw.text((cx, cy), text, font=font(size, bold), fill=fill, anchor="mm")


def fit_size(text: str, max_width: float, size: int, bold: bool = True) -> int:
    """Shrink a font size until the text fits the width."""
    while size > 8 and font(size, bold).getlength(text) > max_width:
        size -= 2
    return size


def person(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    s: float,
    rng: random.Random,
    shirt: Color | None = None,
    back: bool = False,
) -> None:
    """A head-and-shoulders figure; (x, y) is the bottom centre of the shoulders, s the scale."""
    shirt = shirt or rng.choice(SHIRTS)
    skin, hair = rng.choice(SKIN), rng.choice(HAIR)
    w, h = 120 * s, 95 * s
    draw.rounded_rectangle(
        (x - w / 2, y - h, x + w / 2, y + 40 * s),
        radius=38 * s,
        fill=shirt,
        outline=shade(shirt, 0.85),
        width=max(1, round(2 * s)),
    )
    if not back and shirt[0] + shirt[1] + shirt[2] < 300:  # jacket: show a shirt collar and tie
        draw.polygon([(x - 18 * s, y - h + 2), (x + 18 * s, y - h + 2), (x, y - h + 55 * s)], fill=(245, 245, 245))
        draw.polygon([(x - 5 * s, y - h + 10 * s), (x + 5 * s, y - h + 10 * s), (x, y - h + 50 * s)], fill=RED)
    draw.rectangle((x - 13 * s, y - h - 18 * s, x + 13 * s, y - h + 4 * s), fill=shade(skin, 0.92))
    r = 33 * s
    hy = y - h - 45 * s
    draw.ellipse((x - r, hy - r * 1.1, x + r, hy + r * 1.1), fill=skin)
    if back:
        draw.ellipse((x - r * 1.04, hy - r * 1.18, x + r * 1.04, hy + r * 0.9), fill=hair)
    else:
        draw.chord((x - r * 1.05, hy - r * 1.2, x + r * 1.05, hy + r * 0.55), 180, 360, fill=hair)


def plant(draw: ImageDraw.ImageDraw, x: float, y: float, s: float, rng: random.Random) -> None:
    """A potted plant standing on (x, y)."""
    draw.polygon(
        [(x - 40 * s, y - 80 * s), (x + 40 * s, y - 80 * s), (x + 30 * s, y), (x - 30 * s, y)], fill=(150, 90, 60)
    )
    for _ in range(14):
        lx = x + rng.uniform(-70, 70) * s
        ly = y - 80 * s - rng.uniform(10, 190) * s
        r = rng.uniform(22, 40) * s
        draw.ellipse((lx - r, ly - r, lx + r, ly + r), fill=mix((40, 110, 50), (90, 160, 70), rng.random()))


def flowers(draw: ImageDraw.ImageDraw, box: Box, rng: random.Random, n: int = 40) -> None:
    """A low flower arrangement filling a box (the usual one in front of a podium or on a table)."""
    x0, y0, x1, y1 = box
    for _ in range(n):
        cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
        r = rng.uniform(0.05, 0.11) * (x1 - x0) / 2
        color = rng.choice([(230, 60, 70), (250, 200, 60), (240, 240, 235), (245, 130, 60), (60, 130, 60)])
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=color)


def banner(img: Image.Image, box: Box, text: str, base: Color = RED, text_fill: Color = GOLD) -> None:
    """The backdrop of an official meeting: coloured panel with a line of capitals."""
    draw = ImageDraw.Draw(img)
    vgradient(img, box, shade(base, 1.08), shade(base, 0.8))
    x0, y0, x1, y1 = box
    draw.rectangle((x0, y1 - (y1 - y0) * 0.08, x1, y1), fill=shade(base, 0.6))
    if text:
        size = fit_size(text, (x1 - x0) * 0.85, round((y1 - y0) * 0.3))
        text_center(draw, (x0 + x1) / 2, (y0 + y1) / 2 - (y1 - y0) * 0.04, text, size, text_fill)


def floor_tiles(img: Image.Image, top: float, color: Color, rng: random.Random) -> None:
    """A tiled floor seen in perspective from the horizon line `top` to the bottom edge."""
    w, h = img.size
    vgradient(img, (0, top, w, h), shade(color, 0.92), shade(color, 1.05))
    draw = ImageDraw.Draw(img)
    line = shade(color, 0.82)
    cx = w / 2 + rng.uniform(-0.1, 0.1) * w
    for i in range(-12, 13):
        draw.line([(cx + i * w * 0.035, top), (cx + i * w * 0.22, h)], fill=line, width=2)
    y, step = top, (h - top) * 0.05
    while y < h:
        draw.line([(0, y), (w, y)], fill=line, width=2)
        step *= 1.35
        y += step


def window_with_mountains(img: Image.Image, box: Box, rng: random.Random) -> None:
    """A window looking out on green hills (the highland one-stop office)."""
    x0, y0, x1, y1 = box
    vgradient(img, box, (170, 205, 235), (225, 235, 240))
    draw = ImageDraw.Draw(img)
    for layer, color in enumerate([(120, 150, 140), (80, 130, 90), (50, 105, 60)]):
        pts = [(x0, y1)]
        steps = 12
        for i in range(steps + 1):
            px = lerp(x0, x1, i / steps)
            py = lerp(y0, y1, 0.35 + 0.18 * layer) - math.sin(i * 0.9 + layer * 2 + rng.random()) * (y1 - y0) * 0.12
            pts.append((px, py))
        pts.append((x1, y1))
        draw.polygon(pts, fill=color)
    frame = (235, 232, 225)
    draw.rectangle(box, outline=frame, width=round((x1 - x0) * 0.04))
    draw.line([((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1)], fill=frame, width=round((x1 - x0) * 0.03))


def qr_block(draw: ImageDraw.ImageDraw, box: Box, rng: random.Random) -> None:
    """A QR-code-like pattern (random modules plus the three finder squares)."""
    x0, y0, x1, _ = box
    n = 25
    cell = (x1 - x0) / n
    draw.rectangle(box, fill=(255, 255, 255))
    for i in range(n):
        for j in range(n):
            if rng.random() < 0.48:
                draw.rectangle(
                    (x0 + i * cell, y0 + j * cell, x0 + (i + 1) * cell, y0 + (j + 1) * cell), fill=(20, 20, 20)
                )
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        bx, by = x0 + fx * cell, y0 + fy * cell
        draw.rectangle((bx, by, bx + 7 * cell, by + 7 * cell), fill=(20, 20, 20))
        draw.rectangle((bx + cell, by + cell, bx + 6 * cell, by + 6 * cell), fill=(255, 255, 255))
        draw.rectangle((bx + 2 * cell, by + 2 * cell, bx + 5 * cell, by + 5 * cell), fill=(20, 20, 20))


def text_lines(
    draw: ImageDraw.ImageDraw, box: Box, rng: random.Random, color: Color = (150, 150, 150), gap: float = 2.2
) -> None:
    """Grey bars standing for lines of printed text."""
    x0, y0, x1, y1 = box
    lh = max(4.0, (x1 - x0) * 0.012)
    y = y0
    while y + lh < y1:
        end = x1 if rng.random() > 0.18 else lerp(x0, x1, rng.uniform(0.3, 0.8))
        draw.rounded_rectangle((x0, y, end, y + lh), radius=lh / 2, fill=color)
        y += lh * gap


def ui_screen(draw: ImageDraw.ImageDraw, box: Box, rng: random.Random, header: Color, title: str) -> None:
    """A web portal page: header band with a title, search box and a grid of service tiles."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rectangle(box, fill=(246, 247, 249))
    draw.rectangle((x0, y0, x1, y0 + h * 0.16), fill=header)
    if title:
        size = fit_size(title, w * 0.7, round(h * 0.07))
        draw.text((x0 + w * 0.05, y0 + h * 0.08), title, font=font(size, True), fill=(255, 255, 255), anchor="lm")
    draw.rounded_rectangle(
        (x0 + w * 0.15, y0 + h * 0.22, x1 - w * 0.15, y0 + h * 0.31),
        radius=h * 0.03,
        fill=(255, 255, 255),
        outline=(200, 200, 205),
        width=2,
    )
    cols, rows = 4, 2
    tw, th = w * 0.8 / cols, h * 0.24
    for r in range(rows):
        for c in range(cols):
            tx, ty = x0 + w * 0.1 + c * tw, y0 + h * 0.38 + r * (th + h * 0.04)
            draw.rounded_rectangle(
                (tx + 6, ty, tx + tw - 6, ty + th), radius=10, fill=(255, 255, 255), outline=(220, 222, 228), width=2
            )
            icon = mix(header, (255, 255, 255), rng.uniform(0, 0.4))
            cr = th * 0.2
            draw.ellipse((tx + tw / 2 - cr, ty + th * 0.38 - cr, tx + tw / 2 + cr, ty + th * 0.38 + cr), fill=icon)
            draw.rounded_rectangle(
                (tx + tw * 0.2, ty + th * 0.72, tx + tw * 0.8, ty + th * 0.8), radius=4, fill=(170, 170, 175)
            )


# --------------------------------------------------------------------------- scenes
# Each scene draws on a blank RGB canvas (already supersampled) with its own generator.


def scene_meeting(
    img: Image.Image, rng: random.Random, banner_text: str = "BUỔI LÀM VIỆC", screen: bool = False, **_: Any
) -> None:
    """A working session: backdrop banner, long table in perspective, delegates on both sides."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h * 0.5), (222, 214, 198), (200, 190, 172))
    banner(img, (w * 0.2, h * 0.06, w * 0.8, h * 0.3), banner_text, base=rng.choice([RED, (30, 70, 140)]))
    if screen:
        draw.rectangle((w * 0.83, h * 0.08, w * 0.98, h * 0.3), fill=(25, 30, 40))
        for i in range(6):  # the remote sites of an online conference
            gx, gy = w * 0.835 + (i % 3) * w * 0.048, h * 0.09 + (i // 3) * h * 0.1
            draw.rectangle(
                (gx, gy, gx + w * 0.045, gy + h * 0.09), fill=mix((60, 90, 130), (120, 140, 160), rng.random())
            )
    floor_tiles(img, h * 0.5, (170, 120, 85), rng)
    cx, far, near = w / 2, h * 0.46, h * 1.05
    fw, nw = w * 0.16, w * 0.62
    draw.polygon([(cx - fw / 2, far), (cx + fw / 2, far), (cx + nw / 2, near), (cx - nw / 2, near)], fill=(120, 70, 45))
    draw.polygon(
        [(cx - fw / 2 + 12, far + 6), (cx + fw / 2 - 12, far + 6), (cx + nw / 2 - 40, near), (cx - nw / 2 + 40, near)],
        fill=(235, 235, 232),
    )  # table cloth
    flowers(draw, (cx - w * 0.06, h * 0.6, cx + w * 0.06, h * 0.68), rng, 50)
    seats = 6
    for i in range(seats):  # far to near so that nearer people overlap farther ones
        t = (i + 0.5) / seats
        y = lerp(far, near, t) - h * 0.02
        s = lerp(0.55, 1.5, t) * h / 1067
        half = lerp(fw, nw, t) / 2
        for side in (-1, 1):
            x = cx + side * (half + 55 * s)
            person(draw, x, y, s, rng)
            px = cx + side * (half - 40 * s)  # name plate and bottle on the table
            draw.polygon(
                [
                    (px - 30 * s, y - 10 * s),
                    (px + 30 * s, y - 10 * s),
                    (px + 36 * s, y + 14 * s),
                    (px - 36 * s, y + 14 * s),
                ],
                fill=(250, 250, 250),
                outline=(180, 180, 180),
            )
            bx = px - side * 55 * s
            draw.rounded_rectangle((bx - 9 * s, y - 50 * s, bx + 9 * s, y + 5 * s), radius=4 * s, fill=(170, 210, 235))


def scene_podium(img: Image.Image, rng: random.Random, banner_text: str = "HỘI NGHỊ", **_: Any) -> None:
    """A speaker at a lectern in front of the conference backdrop."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h), (200, 192, 178), (150, 140, 125))
    banner(img, (w * 0.05, h * 0.05, w * 0.95, h * 0.42), banner_text, base=rng.choice([RED, (25, 65, 135)]))
    draw.rectangle((0, h * 0.8, w, h), fill=(110, 60, 40))
    px = w * rng.uniform(0.38, 0.55)
    person(draw, px, h * 0.66, 2.2 * h / 1067, rng, shirt=rng.choice([(40, 52, 78), (55, 55, 60), (245, 245, 242)]))
    draw.polygon(
        [(px - w * 0.14, h * 0.6), (px + w * 0.14, h * 0.6), (px + w * 0.12, h), (px - w * 0.12, h)], fill=(130, 75, 45)
    )
    draw.rectangle((px - w * 0.15, h * 0.58, px + w * 0.15, h * 0.62), fill=(95, 55, 35))
    draw.ellipse((px - h * 0.06, h * 0.68, px + h * 0.06, h * 0.8), fill=RED, outline=GOLD, width=6)
    for dx in (-0.02, 0.02):  # microphones
        draw.line([(px + w * dx, h * 0.59), (px + w * dx * 2.2, h * 0.46)], fill=(40, 40, 40), width=8)
        draw.ellipse((px + w * dx * 2.2 - 12, h * 0.46 - 20, px + w * dx * 2.2 + 12, h * 0.46 + 4), fill=(30, 30, 30))
    flowers(draw, (px - w * 0.13, h * 0.83, px + w * 0.13, h * 0.98), rng, 90)
    plant(draw, w * 0.9, h * 0.95, 2.2 * h / 1067, rng)


def scene_counter(
    img: Image.Image, rng: random.Random, sign: str = "BỘ PHẬN MỘT CỬA", mountains: bool = False, **_: Any
) -> None:
    """A one-stop reception hall: numbered counters, staff at screens, citizens waiting."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h * 0.62), (238, 236, 228), (220, 216, 205))
    if mountains:
        window_with_mountains(img, (w * 0.04, h * 0.05, w * 0.2, h * 0.32), rng)
        window_with_mountains(img, (w * 0.8, h * 0.05, w * 0.96, h * 0.32), rng)
    banner(img, (w * 0.24, h * 0.05, w * 0.76, h * 0.17), sign, base=(25, 85, 150), text_fill=(255, 255, 255))
    floor_tiles(img, h * 0.62, (205, 200, 190), rng)
    n = 4
    x0, x1 = w * 0.06, w * 0.94
    cw = (x1 - x0) / n
    for i in range(n):
        cx = x0 + cw * (i + 0.5)
        draw.rectangle(
            (cx - cw * 0.32, h * 0.22, cx + cw * 0.32, h * 0.28), fill=(255, 255, 255), outline=(25, 85, 150), width=4
        )
        text_center(draw, cx, h * 0.25, f"QUẦY {i + 1}", round(h * 0.03), (25, 85, 150))
        person(draw, cx + cw * 0.14, h * 0.5, 1.05 * h / 1067, rng, shirt=UNIFORM)
        draw.rectangle((cx - cw * 0.34, h * 0.37, cx - cw * 0.08, h * 0.47), fill=(35, 35, 40))  # monitor
        draw.rectangle(
            (cx - cw * 0.33, h * 0.38, cx - cw * 0.09, h * 0.46),
            fill=mix((90, 150, 210), (200, 220, 240), rng.random()),
        )
        draw.rectangle((cx - cw * 0.225, h * 0.47, cx - cw * 0.195, h * 0.5), fill=(35, 35, 40))
        draw.rectangle(
            (cx - cw * 0.46, h * 0.5, cx + cw * 0.46, h * 0.64), fill=(245, 242, 235), outline=(190, 180, 165), width=4
        )
        draw.rectangle((cx - cw * 0.46, h * 0.5, cx + cw * 0.46, h * 0.52), fill=(150, 105, 70))
        draw.rectangle((cx - cw * 0.46, h * 0.3, cx + cw * 0.46, h * 0.5), outline=(200, 225, 235), width=3)
    for i in range(5):  # citizens seen from behind, in the foreground
        x = w * (0.1 + i * 0.2 + rng.uniform(-0.04, 0.04))
        person(draw, x, h * rng.uniform(0.97, 1.02), rng.uniform(1.7, 2.1) * h / 1067, rng, back=True)


def scene_waiting(img: Image.Image, rng: random.Random, sign: str = "MỜI CÔNG DÂN SỐ", **_: Any) -> None:
    """The waiting area: queue-number display, a screen, rows of chairs with people."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h * 0.55), (232, 236, 238), (210, 215, 218))
    floor_tiles(img, h * 0.55, (190, 195, 200), rng)
    draw.rectangle((w * 0.08, h * 0.08, w * 0.48, h * 0.3), fill=(20, 20, 22))
    text_center(draw, w * 0.28, h * 0.14, sign, fit_size(sign, w * 0.36, round(h * 0.04)), (255, 190, 60))
    number = f"{rng.randint(1001, 1099)}  →  QUẦY {rng.randint(1, 6)}"
    text_center(draw, w * 0.28, h * 0.23, number, round(h * 0.06), (255, 70, 60))
    draw.rectangle((w * 0.58, h * 0.08, w * 0.9, h * 0.3), fill=(30, 30, 35))
    ui_screen(draw, (w * 0.59, h * 0.095, w * 0.89, h * 0.285), rng, (25, 85, 150), "")
    plant(draw, w * 0.96, h * 0.62, 1.6 * h / 1067, rng)
    for row in range(3):
        y = h * (0.62 + row * 0.16)
        s = (1.0 + row * 0.45) * h / 1067
        for k in range(7 - row * 2):
            x = w * 0.06 + k * w * (0.14 + row * 0.05) + rng.uniform(-10, 10)
            draw.rounded_rectangle((x - 75 * s, y - 130 * s, x + 75 * s, y + 20 * s), radius=18 * s, fill=(40, 90, 140))
            if rng.random() < 0.75:
                person(draw, x, y - 20 * s, s, rng, back=True)


def scene_skyline(img: Image.Image, rng: random.Random, bridge: bool = False, dusk: bool = False, **_: Any) -> None:
    """City towers by a river, optionally with a yellow arched bridge."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    sky = ((250, 190, 140), (120, 140, 190)) if dusk else ((120, 175, 230), (215, 232, 245))
    vgradient(img, (0, 0, w, h * 0.68), sky[1] if dusk else sky[0], sky[0] if dusk else sky[1])
    horizon = h * 0.66
    for layer in range(2):
        x = -rng.uniform(0, 60)
        while x < w:
            bw = rng.uniform(60, 170) * (1.3 if layer else 1)
            bh = rng.uniform(0.12, 0.42 if layer else 0.3) * h
            base = mix((150, 165, 185), (90, 100, 120), layer * 0.7 + rng.random() * 0.3)
            draw.rectangle((x, horizon - bh, x + bw, horizon), fill=base)
            if layer:
                for wy in range(int(horizon - bh + 16), int(horizon - 10), 26):
                    for wx in range(int(x + 10), int(x + bw - 14), 22):
                        if rng.random() < 0.55:
                            draw.rectangle(
                                (wx, wy, wx + 10, wy + 12), fill=(250, 230, 170) if dusk else (200, 220, 240)
                            )
            x += bw + rng.uniform(4, 30)
    vgradient(img, (0, horizon, w, h), (70, 110, 150), (40, 70, 105))
    reflection = img.crop((0, round(horizon - h * 0.34), w, round(horizon))).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    reflection = reflection.filter(ImageFilter.GaussianBlur(6))
    img.paste(Image.blend(reflection, Image.new("RGB", reflection.size, (45, 80, 115)), 0.6), (0, round(horizon)))
    draw = ImageDraw.Draw(img)
    for _ in range(60):  # ripples
        ry, rx = rng.uniform(horizon + 10, h), rng.uniform(0, w)
        draw.line([(rx, ry), (rx + rng.uniform(30, 140), ry)], fill=(150, 180, 205), width=3)
    if bridge:
        deck = horizon + h * 0.06
        draw.rectangle((0, deck, w, deck + h * 0.025), fill=(90, 90, 95))
        points = [(x, deck - abs(math.sin(x / w * math.pi * 5)) * h * 0.12) for x in range(0, w + 1, 8)]
        draw.line(points, fill=(245, 200, 40), width=round(h * 0.018))
        for x in range(0, w, round(w / 40)):
            y = deck - abs(math.sin(x / w * math.pi * 5)) * h * 0.12
            draw.line([(x, y), (x, deck)], fill=(200, 170, 60), width=4)


def scene_document(
    img: Image.Image, rng: random.Random, heading: str = "QUYẾT ĐỊNH", signed: bool = False, **_: Any
) -> None:
    """An official document on a desk, with stamp or a digital-signature mark, and a pen."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (150, 100, 65), (110, 70, 45))
    draw = ImageDraw.Draw(img)
    for _ in range(40):  # wood grain
        y = rng.uniform(0, h)
        draw.line([(0, y), (w, y + rng.uniform(-30, 30))], fill=(125, 82, 52), width=3)
    pw, ph = round(h * 0.68), round(h * 0.92)
    page = Image.new("RGBA", (pw, ph), (252, 251, 246, 255))
    pd = ImageDraw.Draw(page)
    size = round(pw * 0.028)
    pd.text(
        (pw * 0.2, ph * 0.06), "ỦY BAN NHÂN DÂN", font=font(round(size * 0.8), True), fill=(30, 30, 30), anchor="mm"
    )
    pd.text(
        (pw * 0.66, ph * 0.06),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        font=font(round(size * 0.68), True),
        fill=(30, 30, 30),
        anchor="mm",
    )
    pd.text(
        (pw * 0.66, ph * 0.09),
        "Độc lập - Tự do - Hạnh phúc",
        font=font(round(size * 0.75), True),
        fill=(30, 30, 30),
        anchor="mm",
    )
    pd.text((pw / 2, ph * 0.18), heading, font=font(round(size * 1.6), True), fill=(20, 20, 20), anchor="mm")
    text_lines(pd, (pw * 0.1, ph * 0.25, pw * 0.9, ph * 0.72), rng)
    if signed:
        pd.rounded_rectangle((pw * 0.52, ph * 0.76, pw * 0.92, ph * 0.9), radius=12, outline=(20, 130, 60), width=5)
        pd.line([(pw * 0.56, ph * 0.83), (pw * 0.59, ph * 0.86), (pw * 0.64, ph * 0.79)], fill=(20, 130, 60), width=9)
        pd.text((pw * 0.66, ph * 0.8), "Đã ký số", font=font(round(size * 1.1), True), fill=(20, 130, 60), anchor="lm")
        text_lines(pd, (pw * 0.66, ph * 0.845, pw * 0.89, ph * 0.88), rng, (110, 160, 120))
    else:
        cx, cy, r = pw * 0.68, ph * 0.83, pw * 0.1
        pd.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(200, 30, 40, 210), width=6)
        pd.ellipse((cx - r * 0.75, cy - r * 0.75, cx + r * 0.75, cy + r * 0.75), outline=(200, 30, 40, 210), width=4)
        star = [
            (
                cx + math.cos(math.radians(-90 + k * 36)) * r * (0.45 if k % 2 == 0 else 0.18),
                cy + math.sin(math.radians(-90 + k * 36)) * r * (0.45 if k % 2 == 0 else 0.18),
            )
            for k in range(10)
        ]
        pd.polygon(star, fill=(200, 30, 40, 210))
        pd.line(
            [
                (cx - r * 1.2, cy + r * 0.2),
                (cx - r * 0.4, cy - r * 0.3),
                (cx + r * 0.1, cy + r * 0.4),
                (cx + r * 0.9, cy - r * 0.2),
            ],
            fill=(30, 50, 140),
            width=5,
        )
    shadow = Image.new("RGBA", (pw + 40, ph + 40), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rectangle((20, 20, pw + 20, ph + 20), fill=(0, 0, 0, 90))
    angle = rng.uniform(-6, 6)
    shadow = shadow.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(14))
    page = page.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC)
    px, py = round(w * 0.3), round((h - page.size[1]) / 2)
    img.paste(shadow, (px + 10, py + 18), shadow)
    img.paste(page, (px, py), page)
    draw = ImageDraw.Draw(img)
    pen_x, pen_y = w * 0.82, h * 0.3
    draw.line([(pen_x, pen_y), (pen_x + w * 0.08, pen_y + h * 0.5)], fill=(25, 25, 35), width=round(h * 0.025))
    draw.line([(pen_x, pen_y), (pen_x + w * 0.012, pen_y + h * 0.075)], fill=(200, 170, 80), width=round(h * 0.027))
    if signed:  # a USB signing token beside the page
        draw.rounded_rectangle((w * 0.06, h * 0.6, w * 0.2, h * 0.7), radius=20, fill=(30, 60, 120))
        draw.rectangle((w * 0.2, h * 0.625, w * 0.24, h * 0.675), fill=(190, 190, 195))


def scene_chart(img: Image.Image, rng: random.Random, title: str = "", **_: Any) -> None:
    """A presentation screen showing a bar chart with a trend line (no real figures)."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h), (40, 45, 60), (20, 22, 30))
    sx0, sy0, sx1, sy1 = w * 0.08, h * 0.07, w * 0.92, h * 0.8
    draw.rectangle((sx0, sy0, sx1, sy1), fill=(250, 250, 252))
    if title:
        text_center(
            draw,
            (sx0 + sx1) / 2,
            sy0 + h * 0.06,
            title,
            fit_size(title, (sx1 - sx0) * 0.8, round(h * 0.045)),
            (25, 60, 120),
        )
    ax0, ay0, ax1, ay1 = sx0 + w * 0.07, sy0 + h * 0.14, sx1 - w * 0.05, sy1 - h * 0.07
    for k in range(6):
        gy = lerp(ay1, ay0, k / 5)
        draw.line([(ax0, gy), (ax1, gy)], fill=(220, 222, 228), width=2)
    draw.line([(ax0, ay0), (ax0, ay1), (ax1, ay1)], fill=(90, 90, 100), width=4)
    n = 10
    bw = (ax1 - ax0) / n
    value = rng.uniform(0.35, 0.5)
    tops = []
    for i in range(n):
        value = min(0.95, max(0.2, value + rng.uniform(-0.05, 0.09)))
        bx = ax0 + i * bw
        top = lerp(ay1, ay0, value)
        draw.rectangle((bx + bw * 0.18, top, bx + bw * 0.82, ay1), fill=mix((30, 90, 170), (80, 160, 220), i / n))
        tops.append((bx + bw / 2, top - h * 0.04))
    draw.line(tops, fill=(230, 80, 50), width=6)
    for x, y in tops:
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=(230, 80, 50))
    for i in range(9):  # audience heads at the bottom
        person(draw, w * (0.05 + i * 0.115), h * 1.06, 1.6 * h / 1067, rng, back=True)


def scene_phone(
    img: Image.Image, rng: random.Random, header: Color = RED, title: str = "DỊCH VỤ CÔNG", qr: bool = False, **_: Any
) -> None:
    """A hand holding a smartphone with a public-service app open."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (210, 220, 225), (160, 175, 185))
    draw = ImageDraw.Draw(img)
    for _ in range(18):  # out-of-focus background lights
        x, y, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(40, 140)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=mix((230, 235, 240), (180, 195, 205), rng.random()))
    img.paste(img.filter(ImageFilter.GaussianBlur(30)))
    draw = ImageDraw.Draw(img)
    pw, ph = h * 0.44, h * 0.86
    px, py = w * 0.5 - pw / 2 + rng.uniform(-w * 0.1, w * 0.1), h * 0.07
    skin = rng.choice(SKIN)
    draw.rounded_rectangle((px - pw * 0.25, py + ph * 0.55, px + pw * 0.35, h * 1.1), radius=pw * 0.2, fill=skin)
    draw.rounded_rectangle((px, py, px + pw, py + ph), radius=pw * 0.12, fill=(25, 25, 28))
    sx0, sy0, sx1, sy1 = (px + pw * 0.05, py + pw * 0.05, px + pw * 0.95, py + ph - pw * 0.05)
    draw.rounded_rectangle((sx0, sy0, sx1, sy1), radius=pw * 0.08, fill=(248, 248, 250))
    draw.rectangle((sx0, sy0 + pw * 0.08, sx1, sy0 + ph * 0.14), fill=header)
    text_center(
        draw,
        (sx0 + sx1) / 2,
        sy0 + ph * 0.1,
        title,
        fit_size(title, (sx1 - sx0) * 0.85, round(pw * 0.09)),
        (255, 255, 255),
    )
    y = sy0 + ph * 0.18
    if qr:
        q = (sx1 - sx0) * 0.6
        qr_block(draw, ((sx0 + sx1) / 2 - q / 2, y, (sx0 + sx1) / 2 + q / 2, y + q), rng)
        y += q + ph * 0.04
    while y < sy1 - ph * 0.1:
        draw.rounded_rectangle(
            (sx0 + pw * 0.05, y, sx1 - pw * 0.05, y + ph * 0.08),
            radius=12,
            fill=(255, 255, 255),
            outline=(220, 220, 226),
            width=3,
        )
        draw.ellipse(
            (sx0 + pw * 0.08, y + ph * 0.015, sx0 + pw * 0.08 + ph * 0.05, y + ph * 0.065),
            fill=mix(header, (255, 255, 255), 0.3),
        )
        draw.rounded_rectangle(
            (sx0 + pw * 0.3, y + ph * 0.03, sx1 - pw * 0.15, y + ph * 0.045), radius=5, fill=(160, 160, 168)
        )
        y += ph * 0.1
    draw.rounded_rectangle((sx0 + pw * 0.1, sy1 - ph * 0.08, sx1 - pw * 0.1, sy1 - ph * 0.025), radius=20, fill=header)
    draw.ellipse((px + pw * 0.8, py + ph * 0.35, px + pw * 1.18, py + ph * 0.52), fill=skin)  # thumb


def scene_computer(
    img: Image.Image, rng: random.Random, header: Color = RED, title: str = "CỔNG DỊCH VỤ CÔNG", **_: Any
) -> None:
    """A desk with a monitor open on an online public-service portal."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h * 0.7), (225, 228, 230), (200, 204, 208))
    vgradient(img, (0, h * 0.7, w, h), (175, 135, 95), (140, 100, 65))
    mx0, my0, mx1, my1 = w * 0.18, h * 0.08, w * 0.82, h * 0.62
    draw.rounded_rectangle((mx0, my0, mx1, my1), radius=18, fill=(25, 25, 28))
    draw.rectangle((w * 0.47, my1, w * 0.53, h * 0.74), fill=(60, 60, 65))
    draw.ellipse((w * 0.4, h * 0.72, w * 0.6, h * 0.77), fill=(60, 60, 65))
    ui_screen(draw, (mx0 + 18, my0 + 18, mx1 - 18, my1 - 18), rng, header, title)
    draw.polygon(
        [(w * 0.25, h * 0.8), (w * 0.7, h * 0.8), (w * 0.73, h * 0.93), (w * 0.22, h * 0.93)], fill=(235, 235, 238)
    )
    for r in range(4):
        for c in range(14):
            kx = lerp(w * 0.235, w * 0.26, r / 4) + c * w * 0.033 - r * w * 0.004
            ky = h * (0.81 + r * 0.03)
            draw.rounded_rectangle((kx, ky, kx + w * 0.028, ky + h * 0.022), radius=4, fill=(200, 200, 205))
    draw.ellipse((w * 0.78, h * 0.83, w * 0.83, h * 0.93), fill=(235, 235, 238))
    draw.rounded_rectangle((w * 0.05, h * 0.72, w * 0.13, h * 0.86), radius=12, fill=(250, 250, 250))  # cup
    plant(draw, w * 0.92, h * 0.78, 1.3 * h / 1067, rng)


def scene_servers(img: Image.Image, rng: random.Random, **_: Any) -> None:
    """A data centre aisle with a glowing network overlay."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (10, 25, 55), (5, 10, 25))
    draw = ImageDraw.Draw(img)
    for side in (-1, 1):
        for k in range(5):
            t = k / 5
            x_near = w / 2 + side * lerp(w * 0.5, w * 0.12, t)
            x_far = w / 2 + side * lerp(w * 0.42, w * 0.1, t)
            top, bot = lerp(h * 0.02, h * 0.3, t), lerp(h * 0.98, h * 0.7, t)
            draw.polygon(
                [(x_near, top), (x_far, top + h * 0.03), (x_far, bot - h * 0.03), (x_near, bot)],
                fill=mix((30, 40, 60), (20, 28, 45), t),
                outline=(50, 70, 100),
            )
            for _ in range(int(lerp(60, 15, t))):
                u = rng.random()
                lx, ly = lerp(x_near, x_far, u), rng.uniform(top + 20, bot - 20)
                draw.ellipse(
                    (lx - 4, ly - 4, lx + 4, ly + 4), fill=rng.choice([(60, 220, 120), (80, 170, 255), (255, 190, 60)])
                )
    nodes = [(rng.uniform(w * 0.1, w * 0.9), rng.uniform(h * 0.1, h * 0.9)) for _ in range(22)]
    glow = Image.new("RGB", img.size, (0, 0, 0))
    gd = ImageDraw.Draw(glow)
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            if math.dist(a, b) < w * 0.22:
                gd.line([a, b], fill=(60, 160, 255), width=4)
        gd.ellipse((a[0] - 14, a[1] - 14, a[0] + 14, a[1] + 14), fill=(150, 220, 255))
    halo = glow.filter(ImageFilter.GaussianBlur(14))
    img.paste(ImageChops.lighter(ImageChops.add(img, halo), glow))


def scene_control_room(img: Image.Image, rng: random.Random, **_: Any) -> None:
    """An operations centre: wall of screens with maps and charts, operators at desks."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (25, 30, 40), (12, 14, 20))
    draw = ImageDraw.Draw(img)
    cols, rows = 5, 3
    gx0, gy0, gx1, gy1 = w * 0.05, h * 0.05, w * 0.95, h * 0.58
    cw, ch = (gx1 - gx0) / cols, (gy1 - gy0) / rows
    for r in range(rows):
        for c in range(cols):
            x0, y0 = gx0 + c * cw + 4, gy0 + r * ch + 4
            x1, y1 = x0 + cw - 8, y0 + ch - 8
            kind = rng.choice(["map", "bars", "line", "cams"])
            draw.rectangle((x0, y0, x1, y1), fill=(20, 40, 70) if kind != "map" else (30, 60, 50))
            if kind == "map":
                for _ in range(7):
                    px, py = rng.uniform(x0, x1), rng.uniform(y0, y1)
                    pts = [
                        (px + math.cos(a) * rng.uniform(20, 70), py + math.sin(a) * rng.uniform(15, 50))
                        for a in [k * math.pi / 4 for k in range(8)]
                    ]
                    draw.polygon(pts, fill=mix((60, 140, 90), (200, 190, 90), rng.random()))
            elif kind == "bars":
                for k in range(8):
                    bh = rng.uniform(0.2, 0.9) * (y1 - y0 - 20)
                    bx = x0 + 10 + k * (x1 - x0 - 20) / 8
                    draw.rectangle((bx, y1 - 10 - bh, bx + (x1 - x0) / 12, y1 - 10), fill=(80, 170, 240))
            elif kind == "line":
                pts = [(lerp(x0 + 10, x1 - 10, k / 12), rng.uniform(y0 + 15, y1 - 15)) for k in range(13)]
                draw.line(pts, fill=(250, 180, 60), width=5)
            else:
                for k in range(4):
                    qx, qy = x0 + (k % 2) * (x1 - x0) / 2, y0 + (k // 2) * (y1 - y0) / 2
                    draw.rectangle(
                        (qx + 4, qy + 4, qx + (x1 - x0) / 2 - 4, qy + (y1 - y0) / 2 - 4),
                        fill=mix((70, 80, 90), (130, 140, 150), rng.random()),
                    )
    draw.rectangle((0, h * 0.72, w, h * 0.8), fill=(60, 62, 70))
    for i in range(5):
        x = w * (0.12 + i * 0.19)
        draw.rectangle((x - w * 0.06, h * 0.6, x + w * 0.02, h * 0.7), fill=(15, 15, 18))
        draw.rectangle((x - w * 0.055, h * 0.61, x + w * 0.015, h * 0.69), fill=(60, 120, 180))
        person(draw, x + w * 0.04, h * 0.95, 1.5 * h / 1067, rng, back=True)


def scene_card(img: Image.Image, rng: random.Random, **_: Any) -> None:
    """A chip identity card beside a phone showing an electronic-identity app (no real design)."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (228, 225, 218), (200, 196, 188))
    card = Image.new("RGBA", (round(h * 0.8), round(h * 0.5)), (0, 0, 0, 0))
    cd = ImageDraw.Draw(card)
    cw, chh = card.size
    cd.rounded_rectangle((0, 0, cw - 1, chh - 1), radius=30, fill=(215, 230, 240))
    cd.rectangle((0, chh * 0.08, cw, chh * 0.22), fill=(30, 80, 150))
    cd.rounded_rectangle((cw * 0.06, chh * 0.32, cw * 0.3, chh * 0.82), radius=10, fill=(245, 245, 245))
    cd.ellipse((cw * 0.12, chh * 0.38, cw * 0.24, chh * 0.56), fill=(170, 175, 185))
    cd.rounded_rectangle((cw * 0.09, chh * 0.6, cw * 0.27, chh * 0.82), radius=20, fill=(170, 175, 185))
    cd.rounded_rectangle((cw * 0.36, chh * 0.32, cw * 0.5, chh * 0.5), radius=8, fill=(215, 180, 80))
    for k in range(3):
        cd.line(
            [(cw * 0.36, chh * (0.36 + k * 0.05)), (cw * 0.5, chh * (0.36 + k * 0.05))], fill=(170, 130, 50), width=3
        )
    text_lines(cd, (cw * 0.36, chh * 0.56, cw * 0.92, chh * 0.86), rng, (120, 130, 150), 2.6)
    card = card.rotate(rng.uniform(-12, -4), expand=True, resample=Image.Resampling.BICUBIC)
    img.paste(card, (round(w * 0.06), round(h * 0.25)), card)
    # The phone is drawn by the phone scene on its own canvas, then set on the right half.
    right = Image.new("RGB", (round(w * 0.45), h), (0, 0, 0))
    scene_phone(right, rng, header=(185, 30, 40), title="ĐỊNH DANH ĐIỆN TỬ", qr=True)
    img.paste(right, (round(w * 0.55), 0))


def scene_map(img: Image.Image, rng: random.Random, **_: Any) -> None:
    """An abstract administrative map: coloured units with borders and location pins."""
    w, h = img.size
    vgradient(img, (0, 0, w, h), (170, 205, 230), (140, 185, 220))
    small = Image.new("RGB", (w // 8, h // 8), (0, 0, 0))
    sw, sh = small.size
    seeds = [(rng.uniform(0.25, 0.75) * sw, rng.uniform(0.05, 0.95) * sh) for _ in range(34)]
    palette = [mix((240, 220, 160), (170, 210, 150), rng.random()) for _ in seeds]
    px = small.load()
    for y in range(sh):
        for x in range(sw):
            # an elongated land mass: inside a wavy band, cells by nearest seed
            centre = sw * (0.5 + 0.12 * math.sin(y / sh * 5.5))
            half = sw * (0.12 + 0.08 * math.cos(y / sh * 9))
            if abs(x - centre) > half:
                px[x, y] = (160, 198, 228)
                continue
            best = min(range(len(seeds)), key=lambda i: (seeds[i][0] - x) ** 2 + (seeds[i][1] - y) ** 2)
            px[x, y] = palette[best]
    edges = small.filter(ImageFilter.FIND_EDGES).convert("L").point(lambda v: 255 if v > 10 else 0)
    big = small.resize((w, h), Image.Resampling.NEAREST).filter(ImageFilter.SMOOTH_MORE)
    img.paste(big)
    img.paste(
        (120, 110, 100), mask=edges.resize((w, h), Image.Resampling.BILINEAR).point(lambda v: 255 if v > 100 else 0)
    )
    draw = ImageDraw.Draw(img)
    for sx, sy in rng.sample(seeds, 8):
        x, y = sx * 8, sy * 8
        centre = w * (0.5 + 0.12 * math.sin(y / h * 5.5))
        x = min(max(x, centre - w * 0.08), centre + w * 0.08)
        draw.ellipse((x - 22, y - 70, x + 22, y - 26), fill=RED)
        draw.polygon([(x - 18, y - 40), (x + 18, y - 40), (x, y)], fill=RED)
        draw.ellipse((x - 8, y - 56, x + 8, y - 40), fill=(255, 255, 255))


def scene_building(img: Image.Image, rng: random.Random, sign: str = "ỦY BAN NHÂN DÂN", **_: Any) -> None:
    """A commune or provincial office building with a flag pole and trees."""
    w, h = img.size
    draw = ImageDraw.Draw(img)
    vgradient(img, (0, 0, w, h * 0.75), (110, 165, 225), (205, 225, 240))
    for _ in range(5):  # clouds
        cx, cy = rng.uniform(0, w), rng.uniform(h * 0.05, h * 0.3)
        for k in range(5):
            r = rng.uniform(40, 80)
            ox = cx + k * 55
            draw.ellipse((ox - r, cy - r * 0.6, ox + r, cy + r * 0.6), fill=(245, 248, 252))
    vgradient(img, (0, h * 0.75, w, h), (120, 160, 90), (90, 130, 70))
    bx0, bx1, top, base = w * 0.2, w * 0.8, h * 0.35, h * 0.78
    draw.rectangle((bx0, top, bx1, base), fill=(245, 230, 190))
    draw.polygon([(w * 0.4, top), (w * 0.5, top - h * 0.1), (w * 0.6, top)], fill=(200, 90, 60))
    draw.rectangle((w * 0.4, top, w * 0.6, base), fill=(250, 238, 205))
    draw.rectangle((bx0 - 10, top - 14, bx1 + 10, top + 6), fill=(200, 90, 60))
    size = fit_size(sign, w * 0.18, round(h * 0.03))
    text_center(draw, w * 0.5, top + h * 0.04, sign, size, RED)
    for k in range(4):  # columns
        cx = w * (0.42 + k * 0.053)
        draw.rectangle((cx - 10, top + h * 0.08, cx + 10, base), fill=(255, 250, 235), outline=(220, 205, 170))
    for floor in range(3):
        wy = top + h * (0.08 + floor * 0.12)
        for side in (bx0 + w * 0.02, w * 0.62):
            for k in range(4):
                wx = side + k * w * 0.045
                draw.rectangle((wx, wy, wx + w * 0.03, wy + h * 0.07), fill=(120, 160, 190), outline=(230, 215, 180))
    for k in range(4):
        draw.rectangle(
            (w * (0.38 - k * 0.01), base + k * 10, w * (0.62 + k * 0.01), base + (k + 1) * 10), fill=(225, 220, 210)
        )
    fx = w * 0.5
    draw.line([(fx, base + h * 0.15), (fx, h * 0.08)], fill=(200, 200, 205), width=8)
    draw.rectangle((fx + 4, h * 0.08, fx + w * 0.09, h * 0.17), fill=RED)
    sc, sr = (fx + w * 0.047, h * 0.125), h * 0.03
    draw.polygon(
        [
            (
                sc[0] + math.cos(math.radians(-90 + k * 36)) * sr * (1 if k % 2 == 0 else 0.4),
                sc[1] + math.sin(math.radians(-90 + k * 36)) * sr * (1 if k % 2 == 0 else 0.4),
            )
            for k in range(10)
        ],
        fill=(255, 220, 0),
    )
    for tx in (w * 0.08, w * 0.15, w * 0.86, w * 0.93):
        draw.rectangle((tx - 12, h * 0.62, tx + 12, h * 0.82), fill=(100, 70, 45))
        for _ in range(12):
            ox, oy, r = (tx + rng.uniform(-80, 80), h * 0.55 + rng.uniform(-90, 60), rng.uniform(40, 70))
            draw.ellipse((ox - r, oy - r, ox + r, oy + r), fill=mix((40, 110, 50), (90, 160, 70), rng.random()))


SCENES: dict[str, Callable[..., None]] = {
    "meeting": scene_meeting,
    "podium": scene_podium,
    "counter": scene_counter,
    "waiting": scene_waiting,
    "skyline": scene_skyline,
    "document": scene_document,
    "chart": scene_chart,
    "phone": scene_phone,
    "computer": scene_computer,
    "servers": scene_servers,
    "control_room": scene_control_room,
    "card": scene_card,
    "map": scene_map,
    "building": scene_building,
}


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Spec:
    """One output image: where it goes, what it shows, at which size."""

    year: int
    name: str
    scene: str
    size: tuple[int, int] = (1600, 1067)
    options: dict[str, Any] = field(default_factory=dict)


IMAGES: list[Spec] = [
    Spec(2015, "quang-ninh-quay-tiep-nhan-ho-so", "counter", options={"sign": "TRUNG TÂM HÀNH CHÍNH CÔNG"}),
    Spec(2015, "quang-ninh-khu-cho-nguoi-dan", "waiting", (1200, 800)),
    Spec(2018, "ha-giang-bo-phan-mot-cua-xa", "counter", options={"mountains": True}),
    Spec(2019, "truc-lien-thong-van-ban", "servers"),
    Spec(2019, "cong-dich-vu-cong-quoc-gia", "computer", options={"title": "CỔNG DỊCH VỤ CÔNG QUỐC GIA"}),
    Spec(2019, "le-khai-truong-cong-dvcqg", "podium", (1200, 800), {"banner_text": "LỄ KHAI TRƯƠNG"}),
    Spec(2019, "hue-trung-tam-giam-sat-dieu-hanh", "control_room"),
    Spec(2020, "binh-dinh-nop-ho-so-truc-tuyen", "phone", options={"title": "DỊCH VỤ CÔNG TRỰC TUYẾN"}),
    Spec(
        2021,
        "quang-nam-dich-vu-cong-truc-tuyen",
        "computer",
        options={"header": (25, 85, 150), "title": "DỊCH VỤ CÔNG TRỰC TUYẾN"},
    ),
    Spec(2021, "hoi-nghi-truc-tuyen-cchc", "meeting", options={"banner_text": "HỘI NGHỊ TRỰC TUYẾN", "screen": True}),
    Spec(2022, "de-an-06-dinh-danh-dien-tu", "card"),
    Spec(2022, "ngay-chuyen-doi-so-quoc-gia", "skyline", options={"dusk": True}),
    Spec(2022, "trien-lam-chuyen-doi-so", "chart", (1200, 800), {"title": "CHUYỂN ĐỔI SỐ"}),
    Spec(2022, "binh-duong-so-hoa-ho-so", "document", options={"heading": "GIẤY CHỨNG NHẬN"}),
    Spec(2023, "gia-lai-doan-kiem-tra-cchc", "meeting", options={"banner_text": "BUỔI LÀM VIỆC"}),
    Spec(2023, "gia-lai-thu-truong-phat-bieu", "podium", (1200, 800), {"banner_text": "BUỔI LÀM VIỆC"}),
    Spec(2023, "gia-lai-chu-tich-phat-bieu", "podium", (1200, 800), {"banner_text": "BUỔI LÀM VIỆC"}),
    Spec(2023, "gia-lai-quang-canh-buoi-lam-viec", "meeting", (1200, 800), {"banner_text": "BUỔI LÀM VIỆC"}),
    Spec(2023, "binh-dinh-ky-so-van-ban", "document", options={"heading": "CÔNG VĂN", "signed": True}),
    Spec(2023, "chi-so-cchc-bieu-do", "chart", options={"title": "CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"}),
    Spec(
        2024,
        "long-an-thanh-toan-truc-tuyen",
        "phone",
        options={"header": (25, 85, 150), "title": "THANH TOÁN", "qr": True},
    ),
    Spec(2025, "ban-do-don-vi-hanh-chinh", "map", (1200, 800)),
    Spec(2025, "tru-so-uy-ban-nhan-dan-xa", "building"),
    Spec(2025, "gia-lai-trung-tam-phuc-vu-hcc", "counter", options={"sign": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"}),
    Spec(2025, "gia-lai-nguoi-dan-lam-thu-tuc", "waiting", (1200, 800)),
    Spec(2025, "da-nang-toan-canh-thanh-pho", "skyline", options={"bridge": True}),
    Spec(2026, "tay-ninh-mot-cua-xa", "counter", options={"sign": "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ"}),
]


def label(img: Image.Image) -> None:
    """Write "Ảnh minh họa" on a translucent plate in the bottom-right corner."""
    w, h = img.size
    size = max(12, round(h * 0.026))
    f = font(size, bold=False)
    left, top, right, bottom = f.getbbox(LABEL)
    pad = round(size * 0.5)
    x1, y1 = w - round(h * 0.02), h - round(h * 0.02)
    x0, y0 = x1 - (right - left) - 2 * pad, y1 - (bottom - top) - 2 * pad
    overlay = Image.new("RGBA", img.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)
    od.rounded_rectangle((x0, y0, x1, y1), radius=pad, fill=(0, 0, 0, 140))
    od.text((x0 + pad - left, y0 + pad - top), LABEL, font=f, fill=(255, 255, 255, 235))
    img.paste(Image.alpha_composite(img.convert("RGBA"), overlay).convert("RGB"))


def render(spec: Spec) -> Image.Image:
    """Draw one image at its final size (the scene is drawn supersampled)."""
    rng = random.Random(zlib.crc32(f"{spec.year}/{spec.name}".encode()))
    w, h = spec.size
    canvas = Image.new("RGB", (w * SUPERSAMPLE, h * SUPERSAMPLE), (255, 255, 255))
    SCENES[spec.scene](canvas, rng, **spec.options)
    img = canvas.resize((w, h), Image.Resampling.LANCZOS)
    label(img)
    return img


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="folder for <year>/<name>.jpg (default %(default)s)"
    )
    parser.add_argument("--only", help="draw only names (or years) containing this text")
    args = parser.parse_args(argv)
    for spec in IMAGES:
        rel = f"{spec.year}/{spec.name}.jpg"
        if args.only and args.only not in rel:
            continue
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        # Baseline JPEG, no EXIF/ICC, fixed quality: identical bytes on every run.
        render(spec).save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
        print(f"{path.relative_to(args.out)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
