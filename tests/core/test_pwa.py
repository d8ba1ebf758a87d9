"""Installable on a phone: the manifest, the icons and the service worker (kabeuchi/core/pwa.py).

The worker may keep static files only; tests/e2e/test_pwa_browser.py checks the same in
Chromium's Cache Storage after visiting private pages.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders

from kabeuchi.core import pwa
from tests.core.test_security_headers import INLINE

STATIC_DIR = Path(django_settings.BASE_DIR, "static")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no image library needed)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def precache_from_worker(source: str) -> list[str]:
    match = re.search(r"^const CONFIG = (\{.*\});$", source, re.M)
    assert match, "the worker has no CONFIG line"
    return json.loads(match.group(1))["precache"]


def test_the_manifest_has_what_an_installable_app_needs(client, db):
    # when anyone asks for the manifest
    response = client.get("/manifest.webmanifest")
    # then it is a manifest, served as one
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    # with the fields browsers require for installing, Japanese first
    assert manifest["name"].startswith("壁打ち") and "Kabeuchi" in manifest["name"]
    assert manifest["short_name"] == "壁打ち"
    assert manifest["lang"] == "ja"
    assert manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    # and the colours of app.css
    css = (STATIC_DIR / "kabeuchi" / "app.css").read_text()
    assert f"--accent: {manifest['theme_color']};" in css
    assert f"--bg: {manifest['background_color']};" in css
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_every_icon_exists_and_has_the_size_it_states(client, db):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    for icon in manifest["icons"]:
        # given an icon the manifest names
        assert icon["src"].startswith(django_settings.STATIC_URL), icon
        assert icon["type"] == "image/png"
        # when it is fetched the way a phone would
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        assert response["Content-Type"] == "image/png"
        response.close()
        data = Path(finders.find(icon["src"].removeprefix(django_settings.STATIC_URL))).read_bytes()
        # then it is a PNG of exactly the stated size
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert png_size(data) == (width, height), icon["src"]


def test_the_maskable_icon_keeps_its_mark_inside_the_safe_zone():
    from PIL import Image

    image = Image.open(finders.find("kabeuchi/icons/icon-maskable-512.png")).convert("RGB")
    background = image.getpixel((0, 0))
    # the square is filled edge to edge (a launcher cuts its own shape)
    assert all(image.getpixel(p) == background for p in [(0, 511), (511, 0), (511, 511), (256, 0)])
    # and nothing but background lies outside the centred circle of 80 % (radius 204.8 px)
    for y in range(0, 512, 4):
        for x in range(0, 512, 4):
            if (x - 255.5) ** 2 + (y - 255.5) ** 2 > 204 ** 2:
                assert image.getpixel((x, y)) == background, (x, y)


def test_the_service_worker_is_served_at_the_root_as_javascript(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    # at the root, its default scope is the whole site: no Service-Worker-Allowed needed
    assert "Service-Worker-Allowed" not in response


def test_the_service_worker_caches_only_static_urls(client, db):
    source = client.get("/sw.js").content.decode()
    precache = precache_from_worker(source)
    assert precache == pwa.precache_urls()
    # every file it fetches at install is a static file, and exists
    for url in precache:
        assert url.startswith(django_settings.STATIC_URL), url
        assert client.get(url).status_code == 200, url
    for private in ("/notebook", "/1on1", "/talk", "/api/", "/accounts", "/me", "/shared"):
        assert not any(url.startswith(private) for url in precache)
    # and what it stores at run time is limited to the static prefix and GET
    config = json.loads(re.search(r"^const CONFIG = (\{.*\});$", source, re.M).group(1))
    assert config["staticPrefix"] == django_settings.STATIC_URL
    assert config["offline"].startswith(django_settings.STATIC_URL)
    assert source.count("cache.put(") == 1
    assert "isStatic(new URL(response.url))" in source
    assert 'request.method !== "GET"' in source


def test_the_offline_page_names_only_files_the_worker_keeps():
    # given the offline page, a static file shown at whatever address failed
    page = (STATIC_DIR / "kabeuchi" / "offline.html").read_text()
    # then every file it loads is kept by the worker, under its plain static URL
    loaded = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert loaded and set(loaded) <= set(pwa.precache_urls()), loaded
    # it holds no form, no inline code or style (the CSP would refuse them) and no template tag
    assert "<form" not in page and "{%" not in page and "{{" not in page
    for pattern, what in INLINE:
        assert not pattern.search(page), what


def test_the_worker_version_changes_when_a_cached_file_changes(settings, tmp_path):
    # given the worker's cache name now
    before = pwa.service_worker_config()["cache"]
    # when app.css is served from another folder with different content
    copy = tmp_path / "kabeuchi"
    copy.mkdir()
    (copy / "app.css").write_text("body { color: #000; }")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    from django.contrib.staticfiles.finders import get_finder

    get_finder.cache_clear()
    try:
        after = pwa.service_worker_config()["cache"]
    finally:
        get_finder.cache_clear()
    # then the cache name changes, so browsers install the new worker and drop the old cache
    assert after != before


@pytest.mark.parametrize("name", ["aiko", "anon"])
def test_pages_link_the_manifest_and_the_worker(name, cast, client_for):
    page = client_for(name).get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="kabeuchi-service-worker" content="/sw.js">' in page


def test_the_worker_and_the_manifest_open_before_the_privacy_screen(cast, client_for):
    # given someone signed in who has not read the privacy screen yet
    cast.aiko.preferences.guideline_read = False
    cast.aiko.preferences.save()
    client = client_for("aiko")
    # then the worker and the manifest are still served, not redirected
    assert client.get("/sw.js").status_code == 200
    assert client.get("/manifest.webmanifest").status_code == 200


def test_the_data_guideline_says_what_the_app_keeps_on_a_phone(db, client):
    page = client.get("/guideline/").content.decode()
    assert "スマートフォンのアプリは、書いた内容を端末に残しますか？" in page
    assert "端末に保存されるのはアプリ自体のファイル" in page


@pytest.mark.django_db(transaction=True)
async def test_the_worker_and_the_manifest_carry_the_security_headers(cast):
    from tests.core.test_security_headers import _get, assert_protected

    for path in ("/sw.js", "/manifest.webmanifest"):
        status, headers, _body = await _get(path)
        assert status == 200, path
        assert_protected(headers, path)
