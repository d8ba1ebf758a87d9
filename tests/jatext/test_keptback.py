"""What a person keeps from the manager while preparing a 1on1 (jatext.keptback), measured on
exchanges the model never saw, through the guide's own preparation filter.

``heldout_keptback.json`` (160 exchanges, 120 ja / 40 en, 688 sentences) was written and labelled
blind on 2026-11-28 by a helper who had read only PRODUCT.md, COACHING.md and the label guide, apart
from the five development files (``keptback_blind_dev_*.json``, 740 exchanges by five other
helpers); the trainer reads ``keptback_*.json`` only, so it is never trained on. It was measured
once with the rules alone and once with the shipped model (docs/coaching.md gives both figures
beside the development ones); the floors below are those measurements rounded.

``heldout_keptback_round22.json`` (120 exchanges, 70 ja / 50 en, up to five messages, the request
often two to four messages after what it points at) was written and labelled blind on 2026-11-28
(tenth session) by a seventh helper, apart from the three development files written with it
(``keptback_blind_dev_{f,g,j}.json``). The floors were reset with the model retrained that session:
docs/coaching.md gives every figure measured on both held sets, and which model each belongs to."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from jatext import keptback
from jatext.train_keptback import joined, load

DATA = Path(keptback.__file__).resolve().parent / "data"
HELD = DATA / "heldout_keptback.json"
HELD22 = DATA / "heldout_keptback_round22.json"


def _measure(exchanges, model_on: bool):
    from jatext import memo
    from jatext.normalize import fold
    from kabeuchi.coach.engines import guide
    from kabeuchi.coach.engines.base import ConversationState, Turn
    from kabeuchi.coach.themes import get_theme

    theme = get_theme("one_on_one")
    kept = leaked = shared = lost = 0
    for x in exchanges:
        texts = [joined(m, x.lang) for m in x.messages]
        turns = [Turn(role="partner", text=theme.opening.ja)]
        for n, text in enumerate(texts):
            if n:
                turns.append(Turn(role="partner", text="ほかにもありますか。"))
            turns.append(Turn(role="person", text=text))
        state = ConversationState(theme="one_on_one", turns=tuple(turns))
        with memo.scope():
            back = guide.kept_from_the_manager(state) if model_on else _rules_only(guide, state)
            for text, message, labels in zip(texts, x.messages, x.labels, strict=True):
                filed = fold(" ".join(guide._for_the_preparation(theme, [text], [], back)))
                for sentence, label in zip(message, labels, strict=True):
                    core = fold(sentence).strip(" 。.!！?？、,…\n")
                    inside = bool(core) and core in filed
                    if label == "share":
                        shared += 1
                        lost += not inside
                    else:
                        kept += 1
                        leaked += inside
    return leaked / kept, lost / shared


def _rules_only(guide, state):
    # the readers off: the keptback model's marks, and what a request it reads names
    # (``_named_by_read_requests``, since the twenty-second session)
    original, named = guide._read_kept_back, guide._named_by_read_requests
    guide._read_kept_back = lambda said: []
    guide._named_by_read_requests = lambda said: []
    try:
        return guide.kept_from_the_manager(state)
    finally:
        guide._read_kept_back, guide._named_by_read_requests = original, named


@pytest.fixture(scope="module")
def held():
    exchanges = load(HELD)
    assert len(exchanges) == 160
    return exchanges


def test_held_aside_kept_back_sentences_stay_out_of_the_preparation(held):
    leaked, lost = _measure(held, model_on=True)
    assert leaked <= LEAK_WITH_MODEL
    assert lost <= LOST_WITH_MODEL


@pytest.fixture(scope="module")
def held22():
    exchanges = load(HELD22)
    assert len(exchanges) == 120
    return exchanges


def test_held_aside_requests_messages_later_keep_back_what_they_point_at(held22):
    leaked, lost = _measure(held22, model_on=True)
    assert leaked <= LEAK22_WITH_MODEL
    assert lost <= LOST22_WITH_MODEL
    assert _measure(held22, model_on=False)[0] >= 0.6  # the rules alone let most of them through


def test_the_model_is_what_keeps_them_out(held):
    # the rules alone let most of them through: the figure above is mostly the model's work (the rules
    # alone leak 0.551 since the fourteenth session's private markers, 0.743 before)
    leaked, _ = _measure(held, model_on=False)
    assert leaked >= 0.5


@pytest.mark.parametrize("path", [HELD, HELD22], ids=["round9", "round22"])
def test_the_held_aside_file_shares_no_sentence_with_the_training_files(path):
    held = {s for x in load(path) for m in x.messages for s in m if len(s) > 12}
    trained = {s for path in DATA.glob("keptback_*.json") for x in load(path) for m in x.messages for s in m}
    assert len(trained) >= 3000
    # writers who never saw each other's files wrote a few of the same plain lines
    # (「部長との1on1の準備です。」, "How do I say it without sounding like I'm complaining?")
    assert len(held & trained) <= len(held) // 100, sorted(held & trained)


def test_a_keep_reading_with_no_request_near_needs_more_confidence():
    share, keep, ask = np.array([0.3, 0.7, 0.0]), np.array([0.1, 0.9, 0.0]), np.array([0.0, 0.05, 0.95])
    # alone, 0.7 is a guess below the stricter threshold; beside a request it is kept back
    assert keptback.decide([[share]], 0.5, 0.8) == [[(False, False)]]
    assert keptback.decide([[share, ask]], 0.5, 0.8) == [[(True, False), (True, True)]]
    assert keptback.decide([[share], [ask]], 0.5, 0.8) == [[(True, False)], [(True, True)]]
    assert keptback.decide([[keep]], 0.5, 0.8) == [[(True, False)]]


def test_questions_about_who_sees_what_are_no_request():
    for text in ("これって上司にも見えるんですか？", "Can my manager see what I write here?", "まとめてもらえますか"):
        assert not any(keptback.kept(text)), text


def test_a_request_and_what_it_points_at_are_read_in_new_words():
    readings = keptback.read("来期は品質管理に移りたいと思ってます。あと、実は親の介護で実家に戻ることも考えてて。それは部長にはまだ伏せといてほしいです")
    assert [r.kept for r in readings] == [False, True, True]
    assert readings[-1].asks


def test_a_sentence_either_reader_keeps_back_is_kept_back(monkeypatch):
    said = ["来週の1on1では、新人の教育担当の件を相談したいです。", "実は先月、別の会社の二次面接を受けました。",
            "教育担当は正直ちょっと荷が重いです。", "シフトの組み方も一緒に考えてほしいです。", "あ、面接のことは課長には内緒にしてください。"]
    # the second reader finds the request three messages on; the first, reading only the next
    # message, does not: the union keeps it back, and so does the second reader alone
    assert keptback.read(said[1], *said[2:])[0].kept
    first = keptback.load_first()
    window = [keptback.split(said[1]), keptback.split(said[2])]
    assert not keptback.decide(first.probabilities(window), first.threshold, first.alone, 0)[0][0][0]
    # and with the second reader made blind, what the first reader keeps is still kept
    second = keptback.load()
    monkeypatch.setattr(keptback, "load", lambda: type(second)(second.ask_weights, second.ask_bias, second.weights * 0, second.bias * 0 - [0, 9, 9], 0.99, 0.99, "blind", True))
    readings = keptback.read("来期は品質管理に移りたいと思ってます。あと、実は親の介護で実家に戻ることも考えてて。それは部長にはまだ伏せといてほしいです")
    assert [r.kept for r in readings] == [False, True, True]


def test_the_shipped_model_matches_its_labels():
    model = keptback.load()
    assert model.far and not keptback.load_first().far
    assert 0.3 <= model.threshold <= model.alone <= 0.99
    assert json.loads(HELD.read_text(encoding="utf-8"))[0]["id"].startswith("H-")


LEAK_WITH_MODEL = 0.111  # measured 0.110 (27 of 245) since the eighteenth session's Latin-script crisis model: two English sentences kept back had stayed out of the preparation only because the main model read them as a crisis (a false alarm); before, 0.102 (25 of 245) since the fourteenth session's private markers (0.118 before) with both readers; the first alone 0.139, the second alone 0.155; the rules alone 0.743
LOST_WITH_MODEL = 0.20  # measured 0.190 (83 of 436, 15 carry a safety signal; 0.179 before the fourteenth session); the first reader alone 0.172; the rules alone 0.117
LEAK22_WITH_MODEL = 0.12  # measured 0.092 (22 of 241) since the twentieth session (requests with 「…といて」「一切」 read by the rules; 0.108 before, 0.133 before the fourteenth session) with both readers; the first alone 0.349, the second alone 0.149; the rules alone 0.813
LOST22_WITH_MODEL = 0.20  # measured 0.196 (73 of 373) since the twentieth session: 6 more shared sentences kept back by those requests, and 6 that only tell the meeting (「来週課長と1on1です」), which no longer go into the preparation as a topic; 0.164 (61) before


def test_readings_kept_across_replies_hold_no_words():
    text = "来月の面談の準備です。転職サイトに登録したことは、店長には内緒でお願いします"
    keptback.kept(text)
    assert keptback._kept.kept, "the reading is remembered across replies"
    for key, value in keptback._kept.kept.items():
        assert isinstance(key, bytes) and len(key) == 16
        assert all(isinstance(v, bool) for v in value)
    assert "転職" not in repr(list(keptback._kept.kept.items()))
