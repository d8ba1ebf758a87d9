"""Guide engine: reply latency (p50/p99 over 1000 replies), end-summary latency, resident memory.

Run:  .venv/bin/python bench/coach_guide_bench.py            (in process)
      .venv/bin/python bench/coach_guide_bench.py --http     (also over HTTP, see below)

Each sample is one whole reply (``stream_reply`` consumed to the end) to a message the guide
has not seen, so its short decision cache never helps. Conversations of every theme and of
different lengths (up to 200 turns) are mixed, and so are the message kinds the guide treats
differently (plain answers, わからない, 本当は, a decision question, skip/back, a reply to a
summary check). ``record`` (which reuses the decision) is timed separately.

The dev corpus (tests/coach/corpus/conversations_dev.json: 40 scripted conversations with
questions to the guide, corrections, crisis and harassment turns, plans, English) is also
played through the engine, every reply timed.

With ``--http`` a uvicorn server (one worker, guide engine, SQLite in a temporary directory)
is started and every message of the dev corpus is sent through the JSON API
(``/api/v1/conversations/unsaved/messages``, the state carried by the client): p50/p99 of the
full request and the server process's RSS afterwards.

Memory is the process's resident set (VmRSS from /proc/self/status) before anything of
Kabeuchi is imported and after the guide engine is loaded and has replied, i.e. with the
Sudachi dictionary in memory. The issue's limit is for a whole server process (400 MB).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    baseline = rss_mb()
    t0 = time.perf_counter()
    from kabeuchi.coach.engines import get_engine
    from kabeuchi.coach.themes import THEMES

    guide = get_engine("guide")
    first_state = guide.start("moyamoya", language="ja")
    guide.reply(first_state, "準備のためのひとこと", language="ja")  # loads the dictionary
    load_s = time.perf_counter() - t0
    loaded = rss_mb()

    rng = random.Random(20261123)
    bodies = [
        "上司との1on1で評価の話がうまく伝わらなくて、ずっとモヤモヤしています。",
        "会議で企画を出したけど、部長に「まだ早い」と言われました。",
        "悔しかったです。でも、本当はもっと挑戦したい。",
        "わからないです",
        "辞めたほうがいいですか",
        "来週、部長に評価の基準を聞いてみます。",
        "営業部の佐藤課長に、資料の作り方を褒められたのが嬉しかった。",
        "正直、今のチームで何を目指せばいいのか見えていません。",
        "スキップ",
        "戻る",
        "はい、合っています",
        "I feel stuck with my manager, but actually I want to grow.",
    ]
    states = []
    for theme in THEMES:
        for length in (0, 10, 60, 200):
            state = guide.start(theme, language="ja")
            for i in range(length // 2):
                message = f"{i}: {rng.choice(bodies[:8])}"
                state = guide.record(
                    state, message, guide.reply(state, message, language="ja"), language="ja"
                )
            states.append(state)

    reply_ms: list[float] = []
    record_ms: list[float] = []
    for n in range(1000):
        state = rng.choice(states)
        message = f"{rng.choice(bodies)}（{n}）" if rng.random() < 0.9 else rng.choice(bodies)
        language = "en" if message.startswith("I ") else "ja"
        start = time.perf_counter()
        reply = "".join(guide.stream_reply(state, message, language=language))
        reply_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        guide.record(state, message, reply, language=language)
        record_ms.append((time.perf_counter() - start) * 1000)

    def pct(values: list[float], p: int) -> float:
        return statistics.quantiles(values, n=100)[p - 1]

    import json

    corpus = json.loads((Path(__file__).resolve().parents[1] / "tests/coach/corpus/conversations_dev.json").read_text())
    corpus_ms: list[float] = []
    for conv in corpus:
        language = conv.get("lang", "ja")
        state = guide.start(conv.get("theme", "free"), language=language)
        for turn in conv["turns"]:
            start = time.perf_counter()
            reply = guide.reply(state, turn["text"], language=language)
            state = guide.record(state, turn["text"], reply, language=language)
            corpus_ms.append((time.perf_counter() - start) * 1000)

    # the end summary of every blind-written conversation (the sentence-role summary reads every
    # sentence the person wrote: jatext.roles and the safety reading per sentence)
    summary_ms: list[float] = []
    for path in sorted((Path(__file__).resolve().parents[1] / "tests/coach/corpus").glob("conversations*.json")):
        for conv in json.loads(path.read_text()):
            language = conv.get("lang", "ja")
            # a theme the corpus names that does not exist (round 24's "strengths", "values") is
            # played as free talk, as tests/coach/corpus_runner.py plays it
            theme = conv.get("theme", "free") if conv.get("theme", "free") in THEMES else "free"
            state = guide.start(theme, language=language)
            for turn in conv.get("turns", []):
                state = guide.record(state, turn["text"], guide.reply(state, turn["text"], language=language), language=language)
            start = time.perf_counter()
            guide.summarise(state, language=language)
            summary_ms.append((time.perf_counter() - start) * 1000)

    after = rss_mb()
    print("Guide engine bench (1000 replies, 24 conversations of 0-200 turns, 6 themes)")
    print(
        f"  reply   p50 {pct(reply_ms, 50):6.2f} ms   p99 {pct(reply_ms, 99):6.2f} ms   max {max(reply_ms):6.2f} ms"
    )
    print(f"  record  p50 {pct(record_ms, 50):6.2f} ms   p99 {pct(record_ms, 99):6.2f} ms")
    print(
        f"  dev corpus ({len(corpus_ms)} replies + records): p50 {pct(corpus_ms, 50):6.2f} ms   p99 {pct(corpus_ms, 99):6.2f} ms"
    )
    print(
        f"  end summary ({len(summary_ms)} corpus conversations): p50 {pct(summary_ms, 50):6.2f} ms   p99 {pct(summary_ms, 99):6.2f} ms   max {max(summary_ms):6.2f} ms"
    )
    print(f"  first load (import + dictionary + first reply): {load_s * 1000:.0f} ms")
    print(f"  RSS: interpreter {baseline:.0f} MB, guide loaded {loaded:.0f} MB, after the run {after:.0f} MB")
    print(f"  goal: p99 < 50 ms -> {'met' if pct(reply_ms, 99) < 50 else 'NOT met'}")


def http() -> None:
    """Every message of the dev corpus through the JSON API of a real server (guide engine)."""
    import json
    import os
    import tempfile

    import httpx2 as httpx

    from bench.coach_ttft_bench import free_port, kabeuchi, start_server
    from bench.coach_ttft_bench import rss_mb as server_rss_mb

    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ, "KABEUCHI_DATA_DIR": tempfile.mkdtemp(prefix="kabeuchi-guide-bench-"),
        "KABEUCHI_MASTER_KEY": "b1:" + "A" * 43 + "=", "KABEUCHI_AI_ENGINE": "guide",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    kabeuchi(env, "migrate", "-v", "0")
    token = kabeuchi(env, "shell", "-c", (
        "from kabeuchi.accounts import services as s;"
        "u=s.user_create(email='guide-bench@example.jp', password='a-long-bench-pass-42');"
        "s.membership_create(user=u, organisation=s.organisation_create(name='ベンチ株式会社', slug='bench'));"
        "s.preferences_update(user=u, default_retention_days=0, guideline_read=True);"
        "print(s.access_token_create(user=u, name='bench').secret)"
    )).strip().splitlines()[-1]
    corpus = json.loads((root / "tests/coach/corpus/conversations_dev.json").read_text())
    port = free_port()
    proc = start_server(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        timings: list[float] = []
        with httpx.Client(timeout=30) as client:
            for _ in range(2):  # the first pass warms up the worker
                timings = []
                for conv in corpus:
                    state = client.post(base + "/api/v1/conversations", headers=headers,
                                        json={"theme": conv.get("theme", "free"), "retention_days": 0}).json()["state"]
                    for turn in conv["turns"]:
                        start = time.perf_counter()
                        r = client.post(base + "/api/v1/conversations/unsaved/messages", headers=headers,
                                        json={"message": turn["text"], "state": state, "language": conv.get("lang", "ja")})
                        for block in r.text.split("\n\n"):
                            if block.startswith("event: done"):
                                state = json.loads(block.split("data: ", 1)[1])["state"]
                        timings.append(time.perf_counter() - start)
        timings.sort()
        p50 = timings[len(timings) // 2] * 1000
        p99 = timings[int(len(timings) * 0.99) - 1] * 1000
        print(f"Guide over HTTP, dev corpus ({len(timings)} requests): p50 {p50:.1f} ms  p99 {p99:.1f} ms "
              f"({'met' if p99 < 50 else 'NOT met'}: goal < 50 ms)")
        print(f"  server process RSS after the run: {server_rss_mb(proc.pid):.0f} MB (goal < 400 MB)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
    if "--http" in sys.argv:
        http()
