"""Take screenshots of pages as a person sees them (desktop and phone width).

    python bench/screens.py http://127.0.0.1:8000 EMAIL PASSWORD /path1 /path2 ...

Writes PNGs to test-artifacts/screens/.  A tool for looking, not a test.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    base, email, password, *paths = sys.argv[1:]
    out = Path("test-artifacts/screens")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, viewport in (("desktop", {"width": 1200, "height": 900}), ("phone", {"width": 390, "height": 844})):
            page = browser.new_page(viewport=viewport, locale="ja-JP")
            if email != "-":
                page.goto(base + "/accounts/login/")
                page.fill("input[name=username]", email)
                page.fill("input[name=password]", password)
                page.click("main button[type=submit]")
            for path in paths:
                page.goto(base + path)
                name = (path.strip("/").replace("/", "_") or "home") + f"-{label}.png"
                page.screenshot(path=str(out / name), full_page=True)
                print(out / name)
        browser.close()


if __name__ == "__main__":
    main()
