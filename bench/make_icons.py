"""Draw the PNG icons of the installable app (static/kabeuchi/icons/) with Pillow.

The same mark as static/kabeuchi/icon.svg: 壁 in white on the accent green of app.css
(--accent, #2f5d50).  Run it again after changing the mark and commit the PNGs:

    python bench/make_icons.py

Pillow and Noto Sans CJK JP (Debian: fonts-noto-cjk) are needed only here, not at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ACCENT = (0x2F, 0x5D, 0x50, 255)  # app.css --accent
WHITE = (255, 255, 255, 255)
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
OUT = Path(__file__).resolve().parents[1] / "static" / "kabeuchi" / "icons"

# name, size, corner radius (share of the side), glyph height (share of the side)
ICONS = [
    ("icon-192.png", 192, 0.22, 0.56),
    ("icon-512.png", 512, 0.22, 0.56),
    # Maskable: the launcher cuts its own shape, so the square is filled edge to edge and the
    # glyph stays inside the safe zone (a centred circle of 80 % of the side).
    ("icon-maskable-512.png", 512, 0.0, 0.40),
    ("apple-touch-icon.png", 180, 0.0, 0.56),  # iOS rounds the corners itself
]


def _japanese_font(size: int) -> ImageFont.FreeTypeFont:
    # A .ttc holds several faces; pick the Japanese one by name, not by a guessed index.
    for index in range(10):
        try:
            font = ImageFont.truetype(str(FONT), size, index=index)
        except OSError:
            break
        if "JP" in font.getname()[0]:
            return font
    raise SystemExit(f"No Noto Sans CJK JP face in {FONT} (Debian: apt-get install fonts-noto-cjk).")


def draw(size: int, radius: float, glyph: float) -> Image.Image:
    scale = 4  # draw large, then shrink: smooth edges without a separate antialiasing pass
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    canvas = ImageDraw.Draw(image)
    canvas.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(big * radius), fill=ACCENT)
    font = _japanese_font(int(big * glyph))
    left, top, right, bottom = canvas.textbbox((0, 0), "壁", font=font)
    x = (big - (right - left)) / 2 - left
    y = (big - (bottom - top)) / 2 - top
    canvas.text((x, y), "壁", font=font, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, radius, glyph in ICONS:
        path = OUT / name
        draw(size, radius, glyph).save(path, optimize=True)
        print(f"{path.relative_to(OUT.parents[2])}: {size}x{size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
