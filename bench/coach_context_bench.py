"""Bounded context: what a reply request sends on turn 200 compared with turn 10.

Run:  .venv/bin/python bench/coach_context_bench.py

One conversation of 200 turns (a turn = one message from the person and one reply) goes
through the OpenAI-compatible engine to the fake OpenAI server (a real local HTTP server, see
tests/fakes/openai_server.py), with the default configuration: last 8 turns verbatim, 1,200
characters per turn, an 800-character rolling summary folded by the model. The person's
messages vary in length (40-400 characters) in a fixed cycle, so turns 10 and 200 see the same
mix.

Method of counting: tokens are approximated by characters of message content sent (for
Japanese, common tokenizers give roughly one token per character); the size of the JSON
request body in bytes is shown too. Both the reply request of a turn and, separately, the
fold request that follows it are measured.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kabeuchi.coach.engines.base import EngineConfig  # noqa: E402
from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine  # noqa: E402
from tests.fakes.openai_server import DEFAULT_MODEL, FakeOpenAIServer  # noqa: E402

SENTENCES = [
    "今日も上司との1on1のことを考えていました。",
    "評価の基準がよくわからないまま、次の期が始まってしまいそうです。",
    "チームのみんなは忙しそうで、相談しにくい雰囲気があります。",
    "本当は新しい企画に挑戦したいと思っています。",
    "でも、今の仕事をきちんと終わらせることも大事だと感じています。",
    "先週は少しだけ前向きな話ができたので、そこは良かったです。",
]
REPLY = "お話しくださって、ありがとうございます。「評価の基準」が気になっているのですね。そのとき、どんな気持ちがありましたか。"
FOLD = (
    "本人は上司との1on1と評価の基準について考えている。新しい企画に挑戦したい気持ちと、今の仕事を終わらせる責任の間で揺れている。"
    * 3
)


def message(turn: int) -> str:
    count = 1 + (turn % 10)  # 1..10 sentences: 40-400 characters, the same cycle every 10 turns
    return f"{turn}回目。" + "".join(SENTENCES[(turn + i) % len(SENTENCES)] for i in range(count))


def main() -> None:
    with FakeOpenAIServer(reply=lambda body: FOLD if not body.get("stream") else REPLY) as server:
        engine = OpenAICompatibleEngine(EngineConfig(base_url=server.url, model=DEFAULT_MODEL))
        state = engine.start("moyamoya", language="ja")
        reply_sizes: dict[int, tuple[int, int, int]] = {}
        fold_sizes: dict[int, tuple[int, int]] = {}
        for turn in range(1, 201):
            text = message(turn)
            before = len(server.chat_requests())
            reply = engine.reply(state, text, language="ja")
            request = server.chat_requests()[before]
            reply_sizes[turn] = (request.prompt_chars, len(request.body), len(request.messages))
            state = engine.record(state, text, reply, language="ja")
            folds = [r for r in server.chat_requests()[before + 1 :] if not r.json.get("stream")]
            if folds:
                fold_sizes[turn] = (folds[-1].prompt_chars, len(folds[-1].body))
        engine.close()

    print("Bounded context bench (one conversation, 200 turns, default EngineConfig)")
    print(
        "  turn   reply chars  reply bytes  messages   fold chars  fold bytes   (chars ~ tokens for Japanese)"
    )
    for turn in (1, 5, 10, 20, 50, 100, 150, 200):
        chars, size, count = reply_sizes[turn]
        fold = fold_sizes.get(turn)
        fold_text = f"{fold[0]:10d}  {fold[1]:10d}" if fold else f"{'-':>10}  {'-':>10}"
        print(f"  {turn:4d}   {chars:11d}  {size:11d}  {count:8d}   {fold_text}")
    r10, r200 = reply_sizes[10], reply_sizes[200]
    ratio_chars = r200[0] / r10[0]
    ratio_bytes = r200[1] / r10[1]
    total10 = r10[0] + fold_sizes.get(10, (0, 0))[0]
    total200 = r200[0] + fold_sizes.get(200, (0, 0))[0]
    print(
        f"  turn 200 / turn 10, reply request: {ratio_chars:.3f} (characters), {ratio_bytes:.3f} (JSON bytes)"
    )
    print(f"  turn 200 / turn 10, reply + fold requests: {total200 / total10:.3f} (characters)")
    print(f"  goal <= 1.2 -> {'met' if max(ratio_chars, ratio_bytes) <= 1.2 else 'NOT met'}")
    print(
        f"  state after turn 200: {len(state.turns)} turns kept for the person, {state.folded} folded into a "
        f"{len(state.summary)}-character summary"
    )


if __name__ == "__main__":
    main()
