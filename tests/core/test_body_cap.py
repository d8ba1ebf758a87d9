"""No request body over KABEUCHI_MAX_REQUEST_BYTES is read: 413 as soon as Content-Length or the
streamed bytes pass the cap (kabeuchi.core.lean.BodyCap, the outermost layer of config.asgi)."""

import asyncio
import http.client
import json
import socket
import threading
import time

import pytest

from kabeuchi.core.lean import BodyCap

MiB = 1024 * 1024


class Recorder:
    """A stand-in application that reads the whole body, as Django does, then answers 200."""

    def __init__(self):
        self.body = 0
        self.saw_disconnect = False

    async def __call__(self, scope, receive, send):
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                self.saw_disconnect = True
                return
            self.body += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _run(app, *, path="/api/v1/notes", headers=(), chunks=(), language="ja"):
    pulled = 0
    sent = []
    chunks = iter(chunks)

    async def receive():
        nonlocal pulled
        chunk = next(chunks, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += 1
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": [
        (b"accept-language", language.encode()), *headers]}
    asyncio.run(app(scope, receive, send))
    return sent, pulled


def test_a_declared_oversize_body_is_refused_before_any_of_it_is_read():
    # given a client announcing a 1 GiB body
    app = Recorder()
    sent, pulled = _run(BodyCap(app, 6 * MiB), headers=[(b"content-length", str(1024 * MiB).encode())],
                        chunks=(b"x" * MiB for _ in range(1024)))
    # then it is refused at once, in Japanese, and nothing was read
    assert sent[0]["status"] == 413
    assert pulled == 0 and app.body == 0
    assert "大きすぎ" in json.loads(sent[1]["body"])["detail"]


def test_a_streamed_oversize_body_is_cut_off_at_the_cap():
    # given a chunked 300 MiB upload with no Content-Length
    app = Recorder()
    sent, pulled = _run(BodyCap(app, 6 * MiB), path="/org/programmes/import/", language="en",
                        chunks=(b"x" * MiB for _ in range(300)))
    # then reading stops just past the cap and the application sees the client gone
    assert pulled == 7
    assert app.saw_disconnect and app.body == 6 * MiB
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [413]
    assert b"too large" in sent[1]["body"]


def test_a_body_under_the_cap_passes_untouched():
    app = Recorder()
    sent, _ = _run(BodyCap(app, 6 * MiB), headers=[(b"content-length", str(5 * MiB).encode())],
                   chunks=(b"x" * MiB for _ in range(5)))
    assert sent[0]["status"] == 200 and app.body == 5 * MiB


def test_a_garbled_content_length_is_refused():
    sent, _ = _run(BodyCap(Recorder(), 6 * MiB), headers=[(b"content-length", b"-1")])
    assert sent[0]["status"] == 413


def test_settings_keep_uploads_in_memory_up_to_the_cap(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == settings.KABEUCHI_MAX_REQUEST_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.KABEUCHI_MAX_REQUEST_BYTES


@pytest.fixture
def real_server(transactional_db):
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
    assert server.started
    yield port
    server.should_exit = True
    thread.join(timeout=5)


def test_a_real_anonymous_oversize_upload_is_refused_while_streaming(real_server, settings):
    # given an anonymous client streaming 64 MiB, chunked, to the API through uvicorn
    connection = http.client.HTTPConnection("127.0.0.1", real_server, timeout=10)
    connection.putrequest("POST", "/api/v1/notes")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Transfer-Encoding", "chunked")
    connection.putheader("Accept-Language", "ja")
    connection.endheaders()
    chunk = b"x" * MiB
    sent = 0
    try:
        for _ in range(64):
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server stopped reading: what we want
    # then the answer is 413 in JSON, and the server stopped well before the end
    response = connection.getresponse()
    assert response.status == 413
    assert "大きすぎ" in json.loads(response.read())["detail"]


def test_a_real_declared_oversize_upload_is_refused_without_reading(real_server, settings):
    connection = http.client.HTTPConnection("127.0.0.1", real_server, timeout=10)
    connection.putrequest("POST", "/api/v1/notes")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(1024 * MiB))
    connection.endheaders()
    connection.send(b"x" * 1024)
    response = connection.getresponse()
    assert response.status == 413


def test_a_json_body_over_djangos_memory_limit_is_a_json_413_not_a_server_error(cast, settings):
    from django.test import Client

    from kabeuchi.accounts import services
    from kabeuchi.notebook.models import Note

    secret = services.access_token_create(user=cast.aiko, name="s").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    body = json.dumps({"body": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = client.post("/api/v1/notes", data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 413
    assert response.json()["detail"]
    assert not Note.objects.exists()
