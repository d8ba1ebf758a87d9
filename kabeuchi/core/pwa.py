"""Installable on a phone: the web app manifest and the service worker's configuration.

The service worker (``templates/core/service_worker.js``, served at ``/sw.js`` so that its scope
is the whole site) keeps **static files only** in the browser's Cache Storage: the style sheet,
the scripts, the icons and an offline page that holds fixed wording and nothing of anyone
(``static/kabeuchi/offline.html``).  Pages and API answers are never put in a cache: a page is
always fetched from the network, and only when the network fails does the offline page stand
in.  What a person writes therefore never lands on the phone's disk through the app shell
(docs/privacy.md P42).

Everything here is built from ``static()``, so the URLs are the ones the pages use (with
``CompressedManifestStaticFilesStorage`` in production: the hashed names).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

# app.css: --accent and --bg
THEME_COLOUR = "#2f5d50"
BACKGROUND_COLOUR = "#fbfaf7"

# (file under static/, size, purpose); bench/make_icons.py draws them.
ICONS = [
    ("kabeuchi/icons/icon-192.png", 192, "any"),
    ("kabeuchi/icons/icon-512.png", 512, "any"),
    ("kabeuchi/icons/icon-maskable-512.png", 512, "maskable"),
]
OFFLINE_PAGE = "kabeuchi/offline.html"

# What every page needs, fetched when the worker installs.  Other static files (the talk page's
# script, the chart library) are kept the first time a page asks for them.
PRECACHE = [
    "kabeuchi/app.css",
    "kabeuchi/app.js",
    "django_htmx/htmx-2.min.js",
    "kabeuchi/icon.svg",
    *(name for name, _, _ in ICONS),
    OFFLINE_PAGE,
]


def manifest() -> dict:
    """The web app manifest (https://www.w3.org/TR/appmanifest/), Japanese first."""
    return {
        "id": "/",
        "name": "壁打ち Kabeuchi",
        "short_name": "壁打ち",
        "description": "ひとりで考えを整理し、1on1の準備をするための、あなただけの壁打ち相手。"
        " A private sounding board for your career.",
        "lang": "ja",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
            for name, size, purpose in ICONS
        ],
    }


def _content(name: str) -> bytes:
    path = finders.find(name) if settings.SERVESTATIC_USE_FINDERS else None
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    with staticfiles_storage.open(name) as handle:
        return handle.read()


# The offline page is a static file shown at whatever address failed, so it names its style sheet
# and icon by their plain static URLs; in production those differ from the hashed names the pages
# use, and both are kept (tests/core/test_pwa.py checks that every file it names is).
OFFLINE_PAGE_FILES = ["kabeuchi/app.css", "kabeuchi/icon.svg"]


def precache_urls() -> list[str]:
    urls = [static(name) for name in PRECACHE]
    urls += [settings.STATIC_URL + name for name in OFFLINE_PAGE_FILES]
    return list(dict.fromkeys(urls))


def service_worker_config() -> dict:
    """What the service worker is told: the static prefix it may cache, the files to fetch at
    install, the offline page, and a version that changes whenever one of those files does (a
    changed worker is installed again, and its activation drops the old cache)."""
    digest = hashlib.sha256()
    for name in PRECACHE:
        digest.update(static(name).encode() + b"\0" + hashlib.sha256(_content(name)).digest())
    return {
        "cache": "kabeuchi-static-" + digest.hexdigest()[:16],
        "staticPrefix": settings.STATIC_URL,
        "precache": precache_urls(),
        "offline": static(OFFLINE_PAGE),
    }


def service_worker_config_js() -> str:
    # json.dumps escapes nothing HTML needs here (the worker is JavaScript, never HTML); "<" is
    # escaped anyway so the text cannot end a script element wherever it is pasted.
    return json.dumps(service_worker_config(), ensure_ascii=True).replace("<", "\\u003c")
