"""Safety signals (jatext.safety) and their measured quality on the labelled sets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jatext.evaluate import DEVELOPMENT_SET, HARD_CASES, HOLDOUT_SET, evaluate, load_cases
from jatext.safety import KINDS, Signal, detect, firm_kinds, rule_kinds, unsure_kinds


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


def kinds(text: str) -> set[str]:
    return {signal.kind for signal in detect(text)}


# ------------------------------------------------------------------------------------ crisis
@pytest.mark.parametrize(
    "text",
    [
        "もう死にたい。",
        "しにたい",
        "ｼﾆﾀｲ",
        "シニタイ",
        "タヒにたい",
        "死にた〜い",
        "消えてしまいたいと思うことがある。",
        "自分なんていなくなりたい。",
        "生きている意味がないと感じる。",
        "またリスカしてしまった。",
        "屋上から飛び降りたら楽になるのかな。",
        "もう終わりにしたい。",
        "I want to die.",
        "I keep thinking about killing myself.",
        "Everyone would be better off without me.",
    ],
)
def test_wanting_to_die_or_disappear_is_crisis(text: str) -> None:
    assert "crisis" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "今週は死ぬほど忙しい。",
        "死ぬほど笑った飲み会だった。",
        "締め切りに殺される。",
        "プレゼン中、緊張で死ぬかと思った。",
        "死ぬ気で頑張ります。",
        "必死に資料を作った。",
        "「ナウい」はもう死語だよね。",
        "応募が殺到している。",
        "忙しすぎて死にそう。",
        "I'm killing it this quarter.",
        "I'm dying to try the new role.",
        "This deadline is killing me.",
    ],
)
def test_colloquial_busy_is_not_crisis(text: str) -> None:
    assert "crisis" not in kinds(text)


def test_embarrassment_exaggeration_is_not_crisis() -> None:
    assert "crisis" not in kinds("会議で名前を間違えて、消えたいくらい恥ずかしかった。")
    assert "crisis" not in kinds("死にたいくらい恥ずかしい失敗をした。")


def test_wanting_to_disappear_with_pain_is_still_crisis() -> None:
    assert "crisis" in kinds("消えたいくらいつらい。")


def test_negated_wish_to_die_still_raises_crisis() -> None:
    # Decision (docs/safety.md): denial next to the thought is not taken as reassurance.
    assert "crisis" in kinds("死にたいわけじゃないけど、疲れました。")


def test_ordinary_work_endings_are_not_crisis() -> None:
    for text in (
        "この議論はもう終わりにしたい。",
        "業務を自動化して楽になりたい。",
        "飛び込み営業が苦手です。",
    ):
        assert "crisis" not in kinds(text), text


def test_quoted_insult_from_a_boss_is_harassment_not_crisis() -> None:
    assert kinds("「死ね」と上司に言われた。") == {"harassment"}


# -------------------------------------------------------------------------------- harassment
@pytest.mark.parametrize(
    "text",
    [
        "上司からパワハラを受けています。",
        "毎日みんなの前で怒鳴られます。",
        "先輩に無視され続けている。",
        "取引先の人に体を触られた。",
        "飲み会でセクハラ発言をされた。",
        "「お前は使えない」と毎日言われる。",
        "I'm being bullied by my team lead.",
        "My manager yells at me in front of everyone.",
    ],
)
def test_harassment_experience_is_detected(text: str) -> None:
    assert "harassment" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "パワハラ防止研修の資料を作っています。",
        "ハラスメント研修の講師を頼まれた。",
        "I'm writing a harassment training deck for managers.",
        "Our team is updating the anti-harassment policy.",
    ],
)
def test_harassment_training_material_is_not_harassment(text: str) -> None:
    assert "harassment" not in kinds(text)


def test_experience_next_to_a_training_word_still_counts() -> None:
    assert "harassment" in kinds("パワハラ防止研修の最中に、上司に怒鳴られた。")


def test_negated_harassment_is_not_flagged() -> None:
    assert "harassment" not in kinds("上司に怒鳴られたことは一度もない。")
    assert "harassment" not in kinds("今の職場はパワハラとは無縁です。")


# ------------------------------------------------------------------------------------ health
@pytest.mark.parametrize(
    "text",
    [
        "ここ数週間、夜眠れない。",
        "ストレスで食欲がない。",
        "会議の前になると動悸がする。",
        "夜になると涙が止まらない。",
        "朝起きられなくて遅刻が増えた。",
        "会社に行こうとすると体が動かない。",
        "I can't sleep at night because of work.",
        "I had a panic attack in the office.",
    ],
)
def test_health_trouble_is_detected(text: str) -> None:
    assert "health" in kinds(text)


def test_negated_sleep_trouble_is_not_health() -> None:
    assert "health" not in kinds("眠れないことはない。")
    assert "health" not in kinds("眠れないわけではない。")


def test_excitement_that_keeps_you_awake_is_not_health() -> None:
    assert "health" not in kinds("旅行が楽しみで眠れない。")
    assert "health" not in kinds("I was so excited I couldn't sleep last night.")


def test_anxiety_that_keeps_you_awake_is_health() -> None:
    assert "health" in kinds("明日の評価面談が不安で眠れない。")


# ----------------------------------------------------------------------------------- API shape
def test_signal_carries_the_rule_label_not_the_persons_words() -> None:
    signals = detect("本当にもう死にたいです、山田部長のせいで")
    assert Signal(kind="crisis", cue="死にたい") in signals
    assert all("山田" not in signal.cue for signal in signals)


def test_signals_are_ordered_crisis_first_and_not_repeated() -> None:
    signals = detect("眠れない。上司に怒鳴られる。死にたい。死にたい。")
    assert [s.kind for s in signals] == ["crisis", "harassment", "health"]
    assert len(signals) == len(set(signals))


def test_signal_is_frozen() -> None:
    signal = detect("死にたい")[0]
    with pytest.raises(AttributeError):
        signal.kind = "health"  # type: ignore[misc]


def test_empty_text_has_no_signals() -> None:
    assert detect("") == []
    assert detect("  \n ") == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_detect_never_fails_and_only_returns_known_kinds(text: str) -> None:
    first = detect(text)
    assert all(signal.kind in KINDS and signal.cue for signal in first)
    assert detect(text) == first  # deterministic


# ------------------------------------------------------------------------------- measurements
def test_development_set_is_big_and_balanced_enough() -> None:
    cases = load_cases(DEVELOPMENT_SET)
    positives = [case for case in cases if case.expected]
    negatives = [case for case in cases if not case.expected]
    assert len(cases) >= 200
    assert len(positives) >= 60
    assert len(negatives) >= 100


def test_development_set_crisis_recall_is_complete_with_no_crisis_false_alarms() -> None:
    report = evaluate(DEVELOPMENT_SET)
    missed = [outcome.case.text for outcome in report.misses("crisis")]
    assert missed == []
    assert report.per_kind["crisis"].recall == 1.0
    # One known tentative reading: the classifier (trained since on blind lines where もう疲れた
    # opens a crisis message) reads a bare もう疲れた as crisis; alone, that brings the help panel
    # and one gentle line, never a stop (docs/safety.md, "two readings").  Any other is a regression.
    known = {"もう疲れた。今日は早く寝る。"}
    assert {o.case.text for o in report.false_alarms_on_negatives("crisis")} <= known
    assert {o.case.text for o in report.false_alarms("crisis")} <= known
    assert not any("crisis" in rule_kinds(text) for text in known)  # the rules never read it so


def test_development_set_other_figures_stay_at_the_documented_level() -> None:
    report = evaluate(DEVELOPMENT_SET)
    for kind in ("harassment", "health"):
        assert report.per_kind[kind].recall >= 0.98, kind
        assert report.per_kind[kind].precision >= 0.98, kind


def test_holdout_set_does_not_fall_below_the_documented_figures() -> None:
    # docs/safety.md, round 5 (rules alone): crisis recall 0.524, precision 0.846; overall recall 0.585.
    # The classifier now trains on this set, so it is a floor against regressions, not a measurement.
    report = evaluate(HOLDOUT_SET)
    assert report.per_kind["crisis"].recall >= 0.52
    assert report.per_kind["crisis"].precision >= 0.84
    assert report.overall.recall >= 0.58


def test_hard_cases_file_is_valid_and_kept_apart() -> None:
    hard = load_cases(HARD_CASES)
    assert hard and all(case.expected == {"crisis"} for case in hard)
    development = {case.text for case in load_cases(DEVELOPMENT_SET)}
    assert not development & {case.text for case in hard}


def test_labelled_file_with_an_unknown_kind_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("crisys\t死にたい\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown kind"):
        load_cases(bad)


@pytest.mark.parametrize("text", ["消えたい（笑）ってなりましたw", "恥ずかしすぎて消えたい笑", "i want to die lol but the deck is due friday"])
def test_a_crisis_word_played_down_with_a_laugh_keeps_help_but_is_not_a_rule_reading(text: str) -> None:
    # the help is still shown (a crisis signal), and the guide checks in once instead of stopping
    signals = detect(text)
    assert "crisis" in {s.kind for s in signals}
    assert "crisis" not in firm_kinds(signals) and "crisis" not in unsure_kinds(signals)


@pytest.mark.parametrize("text", ["もう消えたいな〜😂 なんてね…でも本当に最近ずっと思ってる", "wanna die lol. not really joking tho", "もう消えたい。笑えない", "消えたい"])
def test_a_laugh_that_is_said_to_be_no_joke_or_no_laugh_keeps_the_rule_reading(text: str) -> None:
    assert "crisis" in firm_kinds(detect(text))


@pytest.mark.parametrize(
    "text",
    [
        "お世話になっております。再来週、課長と面談がありまして、話す内容を整理したいです。",
        "いつもお世話になっております。資格の勉強の進め方をご相談させてください。",
        "お世話になります。四月から営業に異動しまして、今後のことを考えたいと思っています。",
        "大変お世話になっております、品質保証課の者です。キャリアの棚卸しをしたくて来ました。",
    ],
)
def test_the_everyday_business_greeting_raises_no_signal(text: str) -> None:
    # the classifier learnt the farewell 「今までお世話になりました」 and read the greeting as one
    assert detect(text) == []


def test_the_farewell_in_the_past_tense_is_still_read() -> None:
    assert "crisis" in {s.kind for s in detect("みなさん、今までお世話になりました。もう決めたので大丈夫です。")}


# A refusal followed by a loss is harassment told as a sequence, with no harassment word; the
# classifier alone read these as nothing (R35-05, R24-06), so the rule is exempt from its veto.
@pytest.mark.parametrize(
    "text",
    [
        "エリアマネージャーに二人でご飯いこって何回も言われて、ことわったら次の月からシフトへった気がする笑",
        "飲みの誘いを断ってから、なんか朝の挨拶も返してもらえなくなったんよね",
        "打ち上げのあと送ってくって言われたの拒否したら、それ以来ずっと冷たい",
    ],
)
def test_a_refusal_followed_by_a_loss_is_read_as_harassment_whatever_the_classifier_says(text: str) -> None:
    assert "harassment" in {signal.kind for signal in detect(text)}


@pytest.mark.parametrize(
    "text",
    ["私の報告のときだけ、課長が資料をこっちに放ってよこすんです", "書類を机に放り投げられた"],
)
def test_papers_thrown_at_someone_are_read_as_harassment(text: str) -> None:
    assert "harassment" in {signal.kind for signal in detect(text)}


def test_papers_left_alone_are_not_thrown() -> None:
    assert detect("その資料は放っておいていいよ、あとで見るから") == []
