"""The small fixture site in tests/golden_site builds to exactly the golden files.

After an intended change: `make golden`, review `git diff tests/golden_site/expected`.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from PIL import Image, ImageChops

from .golden import EXPECTED, build_golden, tree

IMAGE_SUFFIXES = (".avif", ".webp", ".jpg", ".png")


def pixels_match(got: bytes, want: bytes, tolerance: int = 1, share: float = 0.99) -> bool:
    """Same size and mode, and at least `share` of the pixels within ±tolerance per channel:
    encoded images are compared by what they show, not byte for byte (encoder builds differ)."""
    a, b = Image.open(io.BytesIO(got)), Image.open(io.BytesIO(want))
    if a.size != b.size or a.mode != b.mode:
        return False
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    # The largest channel difference of each pixel, as a greyscale image; count the close ones.
    worst = ImageChops.lighter(ImageChops.lighter(diff.getchannel(0), diff.getchannel(1)),
                               ImageChops.lighter(diff.getchannel(2), diff.getchannel(3)))
    close = sum(worst.histogram()[: tolerance + 1])
    return close >= share * a.width * a.height


def test_golden_site_matches_expected_output(tmp_path: Path) -> None:
    out = tmp_path / "output"
    build_golden(out)
    got, want = tree(out), tree(EXPECTED)
    assert sorted(got) == sorted(want), "files differ; run `make golden` if intended"
    for name in want:
        if name.endswith(IMAGE_SUFFIXES):
            assert pixels_match(got[name], want[name]), f"{name}: pixels differ beyond ±1 (run `make golden` if intended)"
        elif got[name] != want[name]:
            diff = difflib.unified_diff(
                want[name].decode("utf-8", "replace").splitlines(),
                got[name].decode("utf-8", "replace").splitlines(),
                f"expected/{name}", f"built/{name}", lineterm="", n=2,
            )
            raise AssertionError(f"{name} differs (run `make golden` if intended):\n" + "\n".join(list(diff)[:60]))
