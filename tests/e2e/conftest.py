"""Browser tests: Playwright driving Debian's chromium against a live test server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"

@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in a greenlet; Django's ORM guard would see it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def asgi_server(transactional_db):
    """The real ASGI stack (uvicorn) on a free port, in this process, on the test database:
    streaming responses behave here as in production, unlike the WSGI live_server."""
    import socket
    import threading
    import time

    import uvicorn

    from config.asgi import application

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = uvicorn.Server(uvicorn.Config(application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def start_saved_talk(page, base_url: str, theme: str = "free", days: str = "30") -> str:
    """Start a conversation of ``theme`` kept for ``days`` from the talk page; its address."""
    page.goto(base_url + "/talk/")
    page.locator(f"input[name=theme][value={theme}]").check()
    page.select_option("#retention", days)
    page.locator("main form.panel button[type=submit]").click()
    page.wait_for_url("**/talk/*-*/")
    return page.url
