"""SSIM (structural similarity) of two images' luminance, 7×7 box window, in numpy.

Small and dependency-light, for tests/test_images.py and bench/images.py: is a variant
visually faithful to the original resized to the same size (≥ 0.95)?
"""

from __future__ import annotations

import numpy as np
from PIL import Image


def _box(a: np.ndarray, radius: int = 3) -> np.ndarray:
    k = 2 * radius + 1
    padded = np.pad(a, ((radius + 1, radius), (radius + 1, radius)), mode="edge")
    c = padded.cumsum(0).cumsum(1)
    return (c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]) / (k * k)


def ssim(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        raise ValueError(f"sizes differ: {a.size} and {b.size}")
    x = np.asarray(a.convert("L"), dtype=np.float64)
    y = np.asarray(b.convert("L"), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = _box(x), _box(y)
    sxx, syy, sxy = _box(x * x) - mx * mx, _box(y * y) - my * my, _box(x * y) - mx * my
    index = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(index.mean())


def camera_like(width: int, height: int, seed: int) -> Image.Image:
    """A deterministic stand-in for a photo: smooth gradients, objects with edges, mild
    sensor noise; encoders work on it much as on a real photo (unlike flat colour)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    img = np.empty((height, width, 3), np.float32)
    for c in range(3):
        fx, fy, phase = rng.uniform(0.5, 3.0, 3)
        img[..., c] = 120 + 70 * np.sin(x / width * fx * 6.283 + phase) * np.cos(y / height * fy * 6.283)
    for _ in range(max(4, width * height // 150_000)):
        w, h = int(rng.integers(width // 30 + 1, width // 6 + 2)), int(rng.integers(height // 30 + 1, height // 6 + 2))
        x0, y0 = int(rng.integers(0, width - w + 1)), int(rng.integers(0, height - h + 1))
        img[y0 : y0 + h, x0 : x0 + w] = img[y0 : y0 + h, x0 : x0 + w] * 0.3 + rng.uniform(0, 255, 3) * 0.7
    img += rng.normal(0, 2.5, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))
