"""What a person does in Kabeuchi, for locust (run by bench/load_bench.py, which starts the server,
creates the accounts and reads the results; it can also be run by hand with the same variables).

- ``Person`` (signed in through the login form once, the session kept): home, notebook, the talk
  page, starts a saved conversation, sends 3–5 messages to the page's reply stream endpoint
  (``/talk/<id>/messages/``, as static/kabeuchi/talk.js does) and reads every stream to its end,
  then opens the 1on1 page.
- ``ApiClient`` (an access token, no session): lists conversations, starts one, sends 3–5
  messages to ``/api/v1/conversations/<id>/messages`` and reads the conversation back.

Every message carries an Idempotency-Key; each whose stream sent ``done`` is an acknowledged turn,
written to LOAD_OUT at the end with everything measured, so the bench can check afterwards that
the saved conversation holds it.

Environment: LOAD_ACCOUNTS (JSON file: [{"email", "password", "token"}]), LOAD_OUT (JSON file
written when locust quits), LOAD_THINK ("1,3": seconds a person waits between actions),
LOAD_API_WEIGHT (1) against LOAD_PERSON_WEIGHT (4).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
import uuid
from collections import Counter, defaultdict

import requests
from locust import HttpUser, between, events, task

ACCOUNTS = json.load(open(os.environ["LOAD_ACCOUNTS"])) if os.environ.get("LOAD_ACCOUNTS") else []
NEXT_ACCOUNT = itertools.count()
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1,3").split(","))

MESSAGES = [
    "異動するか迷っています",
    "今の仕事は嫌いではないけれど、このままでいいのか考えています",
    "企画の仕事をやってみたい気持ちがあります",
    "上司に何をどう伝えればいいかわかりません",
    "チームの方針が変わってモヤモヤしています",
    "三年後にどうなっていたいかを考えたいです",
    "得意なことは人の話を聞くことだと思います",
    "来月の評価面談で話すことを整理したいです",
]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TALK_ID = re.compile(r"/talk/([0-9a-f-]{36})/")

# What was measured, by kind (milliseconds), and what was acknowledged.
SAMPLES: dict[str, list[float]] = defaultdict(list)
ERRORS: Counter = Counter()
ACKED: list[dict] = []
TIMES = {"first": None, "last": None}


def kind_of(name: str) -> str:
    return name.split(":", 1)[0]


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **_):
    now = time.time()
    TIMES["first"] = TIMES["first"] or now
    TIMES["last"] = now
    kind = kind_of(name)
    if exception is not None:
        ERRORS[f"{name}: {str(exception)[:120]}"] += 1
    else:
        SAMPLES[kind].append(response_time)


@events.quitting.add_listener
def _dump(environment, **_):
    out = os.environ.get("LOAD_OUT")
    if out:
        with open(out, "w") as f:
            json.dump({"samples": SAMPLES, "errors": ERRORS, "acked": ACKED, "first": TIMES["first"],
                       "last": TIMES["last"]}, f)


def fire(user, name: str, started: float, exception=None, length: int = 0) -> None:
    user.environment.events.request.fire(
        request_type="SSE", name=name, response_time=(time.perf_counter() - started) * 1000,
        response_length=length, exception=exception, context={},
    )


def read_stream(user, url: str, body: dict, headers: dict, account: dict, conversation: str) -> None:
    """POST a message and read the Server-Sent Events to their end: "stream first byte" is the
    first body bytes, "stream complete" the last; an ``error`` event or no ``done`` is an error."""
    key = uuid.uuid4().hex
    headers = {**headers, "Content-Type": "application/json", "Accept": "text/event-stream", "Idempotency-Key": key}
    started = time.perf_counter()
    first = None
    events_seen = []
    try:
        # bypass locust's own recording (it would time only the headers of a streamed response)
        with requests.Session.request(
            user.client, "POST", user.host + url, data=json.dumps(body), headers=headers, stream=True, timeout=120
        ) as r:
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}")
            for chunk in r.iter_content(chunk_size=None):
                if first is None and chunk:
                    first = True
                    fire(user, "stream first byte", started)
                for line in chunk.decode("utf-8", "replace").splitlines():
                    if line.startswith("event: "):
                        events_seen.append(line[7:])
        if "error" in events_seen:
            raise RuntimeError("error event")
        if "done" not in events_seen:
            raise RuntimeError("stream ended without done")
    except Exception as error:  # noqa: BLE001 - every failure is counted, none stops the person
        fire(user, "stream complete", started, exception=error)
        return
    fire(user, "stream complete", started)
    ACKED.append({"email": account["email"], "conversation": conversation, "key": key, "message": body["message"]})


def think(user) -> None:
    time.sleep(random.uniform(*THINK))


class Person(HttpUser):
    weight = int(os.environ.get("LOAD_PERSON_WEIGHT", "4"))
    wait_time = between(*THINK)

    def on_start(self):
        self.account = ACCOUNTS[next(NEXT_ACCOUNT) % len(ACCOUNTS)]
        page = self.client.get("/accounts/login/", name="page: sign-in form")
        token = CSRF_INPUT.search(page.text).group(1)
        with self.client.post("/accounts/login/", name="sign-in: post", catch_response=True, allow_redirects=False,
                              data={"csrfmiddlewaretoken": token, "username": self.account["email"],
                                    "password": self.account["password"]}) as r:
            if r.status_code != 302:
                r.failure(f"sign-in answered {r.status_code}")

    @task
    def visit(self):
        self.client.get("/", name="page: home")
        think(self)
        self.client.get("/notebook/", name="page: notebook")
        think(self)
        page = self.client.get("/talk/", name="page: talk")
        token = CSRF_INPUT.search(page.text)
        if token is None:
            return
        think(self)
        with self.client.post("/talk/start/", name="page: start conversation", catch_response=True,
                              data={"csrfmiddlewaretoken": token.group(1), "theme": "free", "retention_days": "30"}) as r:
            found = TALK_ID.search(r.url)
            if found is None:
                r.failure(f"no conversation page after starting (at {r.url})")
                return
            csrf = CSRF_INPUT.search(r.text)
        conversation = found.group(1)
        headers = {"X-CSRFToken": csrf.group(1) if csrf else self.client.cookies.get("csrftoken", "")}
        for _ in range(random.randint(3, 5)):
            think(self)
            read_stream(self, f"/talk/{conversation}/messages/", {"message": random.choice(MESSAGES)}, headers,
                        self.account, conversation)
        think(self)
        self.client.get("/1on1/", name="page: 1on1")


class ApiClient(HttpUser):
    weight = int(os.environ.get("LOAD_API_WEIGHT", "1"))
    wait_time = between(*THINK)

    def on_start(self):
        self.account = ACCOUNTS[next(NEXT_ACCOUNT) % len(ACCOUNTS)]
        self.auth = {"Authorization": f"Bearer {self.account['token']}"}

    @task
    def script(self):
        self.client.get("/api/v1/conversations", name="api: list", headers=self.auth)
        r = self.client.post("/api/v1/conversations", name="api: start", headers=self.auth,
                             json={"theme": "free", "retention_days": 30})
        if r.status_code != 201:
            return
        conversation = r.json()["conversation"]["id"]
        for _ in range(random.randint(3, 5)):
            think(self)
            read_stream(self, f"/api/v1/conversations/{conversation}/messages", {"message": random.choice(MESSAGES)},
                        self.auth, self.account, conversation)
        self.client.get(f"/api/v1/conversations/{conversation}", name="api: read back", headers=self.auth)
