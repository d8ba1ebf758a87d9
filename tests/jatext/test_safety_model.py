"""The shipped safety classifier (jatext.safety_model) and how detect() combines it with the rules."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import numpy as np
import pytest

from jatext import safety, safety_model
from jatext.evaluate import EXTERNAL_DEV_SET, evaluate
from jatext.safety import detect


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


def kinds(text: str) -> set[str]:
    return {signal.kind for signal in detect(text)}


# ------------------------------------------------------------------------------ the weights
def test_shipped_weights_load_offline_with_the_expected_shape() -> None:
    # given the file committed in the package (no download: np.load of a local path only)
    assert safety_model.MODEL_PATH.exists()
    assert safety_model.MODEL_PATH.stat().st_size < 5_000_000
    # when
    model = safety_model.load()
    # then
    assert model.weights.shape == (safety_model.BUCKETS, 3)
    assert model.weights.dtype == np.float32
    assert np.all((model.thresholds > 0.05) & (model.thresholds < 1.0))
    assert model.vetoes[0] == 0.0  # crisis rule hits are never vetoed
    assert np.isfinite(model.weights).all()
    assert model.version


def test_features_are_stable_across_processes_and_spellings() -> None:
    # CRC32, not Python's salted hash(): the same n-gram always lands in the same bucket,
    # and folding makes katakana, half-width and hiragana spellings one feature set.
    assert zlib.crc32("死".encode()) & (safety_model.BUCKETS - 1) in set(
        safety_model.features(safety_model.prepare("死")).tolist()
    )
    spellings = {tuple(safety_model.features(safety_model.prepare(t)).tolist()) for t in ("シニタイ", "ｼﾆﾀｲ", "しにたい")}
    assert len(spellings) == 1


# ----------------------------------------------------------------- phrasings the audit missed
@pytest.mark.parametrize(
    "text",
    [
        "先週、家にあった薬をまとめて飲んで、気づいたら病院でした。",
        "今夜で最後にしようと思っています。",
        "この先も生きていける気がしない。",
        "朝が来なければいいのに。",
        "眠ったまま目が覚めなければいいのにと毎晩思う。",
        "私がいるとみんなに迷惑がかかる。家族のお荷物でしかない。",
        "I took a whole bottle of pills last week and ended up in the ER.",
        "I can't see myself going on.",
        "I'm just a burden to everyone.",
    ],
)
def test_quiet_and_past_tense_crisis_phrasings_are_crisis(text: str) -> None:
    assert "crisis" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "育休明けに戻ったら、担当していた仕事をすべて取り上げられていた。",
        "妊娠を報告したら、辞めたほうがいいんじゃないかと遠回しに言われた。",
        "上司に「辞めろ」「給料泥棒」と言われ続けている。",
        "チームのチャットから私だけ外された。",
        "My manager told me to quit in front of the whole team.",
    ],
)
def test_harassment_without_the_word_harassment_is_harassment(text: str) -> None:
    assert "harassment" in kinds(text)


# ------------------------------------------------------------------------- hard negatives
@pytest.mark.parametrize(
    "text",
    [
        "今週は死ぬほど忙しい。",
        "締め切りに殺される。",
        "このゲーム、ボス戦で100回は死んだ。",
        "映画で主人公が死ぬ場面で泣いてしまった。",
        "消しゴムを買い忘れた。",
        "電気を消し忘れた。",
        "不要なプロセスをkillした。",
        "今日で最後の出社です。皆さん、今までありがとうございました。",
        "笑いすぎて死ぬかと思った。",
        "I'm dying to see the new film.",
        "This traffic is killing me.",
        "I died so many times in that game.",
    ],
)
def test_idioms_games_films_and_erasers_raise_nothing(text: str) -> None:
    assert kinds(text) == set()


# -------------------------------------------------------------------------- the combination
def test_the_classifier_never_removes_a_crisis_rule_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    # given a model that finds everything very unlikely
    model = safety_model.load()
    quiet = safety_model.Model(
        weights=np.zeros_like(model.weights),
        bias=np.full(3, -20.0),
        thresholds=model.thresholds,
        vetoes=np.array([0.9, 0.9, 0.9]),
        version="test",
    )
    monkeypatch.setattr(safety_model, "load", lambda: quiet)
    # when / then: crisis stays, weak harassment/health rule hits are vetoed
    assert kinds("もう死にたい。毎日怒鳴られて眠れない。") == {"crisis"}


def test_missing_weights_fall_back_to_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> safety_model.Model:
        raise FileNotFoundError("safety_model.npz")

    monkeypatch.setattr(safety_model, "load", broken)
    assert kinds("もう死にたい。") == {"crisis"}
    assert kinds("今週は死ぬほど忙しい。") == set()


def test_classifier_signals_carry_a_label_not_the_persons_words() -> None:
    signals = detect("今夜で最後にしようと思っています。山田さんにはお世話になりました。")
    assert all("山田" not in signal.cue for signal in signals)
    assert {signal.cue for signal in signals} <= {"classifier", "classifier-unsure"} | {rule.cue for rule in safety._RULES}


# ----------------------------------------------------------------------- measured figures
def test_external_dev_set_figures_do_not_fall() -> None:
    # The shipped model was trained on this set, so these are fit figures, a regression guard:
    # the honest cross-validated figures are in docs/safety.md.
    # Shipped (2026-11-26): recall 1.000 for every kind; 6 of 191 negatives alarmed (rules' crisis).
    report = evaluate(EXTERNAL_DEV_SET)
    assert report.cases >= 500
    assert report.per_kind["crisis"].recall >= 0.98
    assert report.per_kind["harassment"].recall >= 0.97
    assert report.per_kind["health"].recall >= 0.97
    assert len(report.false_alarms_on_negatives()) / report.negatives <= 0.05
    for lang in ("ja", "en"):
        part = evaluate(EXTERNAL_DEV_SET, lang=lang)
        assert part.cases and part.per_kind["crisis"].recall >= 0.95, lang


def test_rules_alone_are_measurable_for_comparison() -> None:
    # Rules alone on the external dev set (docs/safety.md): crisis 0.408, harassment 0.344, health 0.463.
    combined = evaluate(EXTERNAL_DEV_SET)
    rules = evaluate(EXTERNAL_DEV_SET, rules_only=True)
    assert 0.35 <= rules.per_kind["crisis"].recall <= 0.5
    assert combined.per_kind["crisis"].recall > rules.per_kind["crisis"].recall


def test_a_reading_between_threshold_and_stop_is_unsure_and_above_the_stop_is_sure():
    import numpy as np

    from jatext.safety_model import BUCKETS, KINDS, Model

    def model(p_crisis: float) -> Model:
        bias = np.full(len(KINDS), -10.0)
        bias[0] = np.log(p_crisis / (1 - p_crisis))  # zero weights: the probability is the bias's
        return Model(
            weights=np.zeros((BUCKETS, len(KINDS)), dtype=np.float32),
            bias=bias,
            thresholds=np.array([0.77, 0.73, 0.68]),
            vetoes=np.zeros(len(KINDS)),
            version="test",
            stops=np.array([0.91, 0.73, 0.68]),
        )

    assert model(0.80).combine_graded("なんでも", set()) == ({"crisis"}, {"crisis"}, set())
    assert model(0.95).combine_graded("なんでも", set()) == ({"crisis"}, set(), set())
    assert model(0.50).combine_graded("なんでも", set()) == (set(), set(), set())
    # a model without stops is sure at its threshold (the models before 2026-11-27)
    from dataclasses import replace

    assert replace(model(0.80), stops=None).combine_graded("なんでも", set()) == ({"crisis"}, set(), set())


def test_a_crisis_rule_hit_the_model_finds_all_but_impossible_is_kept_but_unsure(monkeypatch):
    from dataclasses import replace

    from jatext.safety import firm_kinds, unsure_kinds

    text = "自殺点で負けた試合、まだ悔しい"
    rules = {signal.kind for signal in safety._rule_signals(safety._mask(safety.fold(text)))}
    if "crisis" not in rules:
        pytest.skip("no crisis rule reads this line any more")  # precondition of the case
    shipped = safety_model.load()
    for doubt, unsure in ((0.0, False), (1.0, True)):
        monkeypatch.setattr(safety_model._shipped, "_value", replace(shipped, crisis_doubt=doubt))
        signals = detect(text)
        assert "crisis" in {signal.kind for signal in signals}  # never dropped: help is shown
        assert ("crisis" in unsure_kinds(signals)) is unsure
        assert ("crisis" in firm_kinds(signals)) is not unsure
