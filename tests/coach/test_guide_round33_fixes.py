"""Faults of round 33's blind review fixed in the nineteenth session.  The sentences here are new,
not the round's."""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines.guide import _SAVING_HOW, _form_sentences
from tests.coach.test_guide_engine import play


@pytest.mark.parametrize(
    ("theme", "language", "messages"),
    [
        ("moyamoya", "ja", ["後輩の方が先に昇格して悔しい", "ありがとー！保存は3日でいいよ🙏"]),
        ("free", "ja", ["最近、眠りが浅い気がして", "今日のは保存しなくていいです。消しといてください。"]),
        ("learning", "ja", ["簿記2級をとりたい", "保存は試験が終わるまでで。ノートは自分でつけます"]),
        ("one_on_one", "en", ["I want to talk about my promotion timeline.", "Don't save any of this. I'll write my own notes on paper."]),
        ("career", "en", ["I keep thinking about moving to the data team.", "Keep it for two weeks, please. I'll print it before the meeting."]),
        ("stocktaking", "en", ["I organised the office move last year.", "Please don't save this, and don't put anything in my notebook."]),
    ],
)
def test_a_wish_about_keeping_the_talk_is_answered_with_how(guide, theme, language, messages):
    """Half of round 33's people ended with a wish about keeping the talk, said beside other words;
    it was filed as a topic or a feeling, and "Don't save" got "You would like to keep this"."""
    state, replies = play(guide, theme, messages, language)
    assert _SAVING_HOW[language] in replies[-1], replies[-1]
    assert "You would like to keep this" not in replies[-1] and "ノートに残したいのですね" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language=language)
    lines = " ".join([*summary.noticed, *summary.next_steps])
    for word in ("保存", "消して", "save", "Keep it for", "print", "paper", "ノートは"):
        assert word not in lines, lines


def test_a_real_request_for_the_notebook_still_gets_how_to_keep_it(guide):
    _, replies = play(guide, "stocktaking", ["I organised the office move last year.", "Looks right. Put the strengths in my notebook, not the story."], "en")
    assert "You would like to keep this" in replies[-1], replies[-1]


def test_a_save_wish_beside_an_answer_answers_both(guide):
    state, replies = play(guide, "one_on_one", ["残業の多さ", "保存は1か月で。あと、人員の補充について聞きたい"])
    assert _SAVING_HOW["ja"] in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert any("人員の補充" in line for line in summary.noticed), summary.noticed
    assert not any("保存" in line for line in summary.noticed), summary.noticed


@pytest.mark.parametrize(
    "request_",
    [
        "実は義父の通院の付き添いもございまして、それも残業できない理由でございます。ただ、この件は部長にはお伝えしないでいただけますでしょうか。",
        "実は義父の通院の付き添いもございまして、それも残業できない理由でございます。この件は、部長にはお見せしないでいただけると助かります。",
    ],
)
def test_a_keigo_request_to_keep_something_back_is_acted_on_not_answered_as_a_question(guide, request_):
    state, replies = play(guide, "one_on_one", ["業務の分担を見直したい", request_])
    assert "答えられません" not in replies[-1] and "お答えできません" not in replies[-1], replies[-1]
    assert "あなただけのメモ" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")]
    assert not any("通院" in line or "付き添い" in line for line in shared), summary.noticed
    assert any("業務の分担" in line for line in shared), summary.noticed  # the earlier topic stays (それも is no pointer back)


def test_told_then_forbidden_in_one_sentence_stays_out_and_the_topic_stays(guide):
    state, replies = play(guide, "one_on_one", ["評価の基準を知りたい", "正直よその会社の話も聞いてる それは載せるな"])
    assert "書きません" in replies[-1], replies[-1]
    assert "加えておきますね" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")]
    assert not any("よその会社" in line for line in shared), summary.noticed
    assert any("評価の基準" in line for line in shared), summary.noticed


def test_an_english_example_named_by_its_time_is_kept_from_the_manager(guide):
    state, replies = play(guide, "one_on_one", [
        "Topic: the on-call rota is unfair.",
        "Last week I was called three times after midnight. The worst was 02:30 on Sunday.",
        "Actually, the 02:30 example, please don't show it. It names a customer.",
    ], "en")
    assert "out of the 1on1 preparation" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    shared = [line for line in summary.noticed if not line.startswith("Just for you")]
    assert not any("02:30" in line for line in shared), summary.noticed
    assert any("on-call rota" in line for line in shared), summary.noticed


def test_a_quoted_part_taken_out_of_what_the_manager_sees_leaves_the_rest_of_the_topic(guide):
    state, replies = play(guide, "one_on_one", [
        "引き継ぎの進め方",
        "あと、品質保証にも興味があるんです。でもそれ言ったら逃げたいのかって思われそうで",
        "「逃げたいのかって思われそう」は課長に見えるとこから消しといて。それは私の気持ちの話なので",
    ])
    assert "逃げたいのかって思われそう" in replies[-1] and "外しておきますね" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    lines = " ".join(summary.noticed)
    assert "思われそう" not in lines and "気持ちの話" not in lines, summary.noticed
    assert "品質保証にも興味がある" in lines, summary.noticed


def test_a_named_topic_removed_goes_with_the_sentences_that_tell_it(guide):
    state, _ = play(guide, "one_on_one", [
        "新しい案件に入りたい",
        "あと昇給のことも聞きたい。去年据え置きだったのがずっと引っかかってて",
        "昇給の話、やっぱり消してください",
    ])
    summary = guide.summarise(state, language="ja")
    lines = " ".join(summary.noticed)
    assert "昇給" not in lines and "据え置き" not in lines, summary.noticed
    assert "新しい案件" in lines, summary.noticed


def test_what_stays_of_a_line_after_a_removal_is_kept(guide):
    state, replies = play(guide, "one_on_one", ["会議が多すぎる、しんどい", "「しんどい」は消しといて。「会議が多すぎる」だけでええ"])
    summary = guide.summarise(state, language="ja")
    assert any("「会議が多すぎる」" in line for line in summary.noticed), summary.noticed
    assert not any("しんどい" in line or "だけでええ" in line for line in summary.noticed), summary.noticed


def test_a_removal_with_more_said_after_it_answers_the_rest(guide):
    """R19-14's kind: the rest of the message is a topic, not lost, and the flow goes on."""
    state, replies = play(guide, "one_on_one", [
        "異動してから、前のお客さんを外されて、正直、見放されたなって思ってて",
        "あ、「見放された」はやっぱり消しといて。言いすぎた。ただ、前のお客さんとの関係を活かす方法がないか聞きたい",
    ])
    assert "外しておきますね" in replies[-1], replies[-1]
    assert "どう関わってほしいですか" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert any("関係を活かす方法" in line for line in summary.noticed), summary.noticed


def test_a_sentence_that_starts_with_demo_is_its_own_sentence_but_a_quote_goes_on():
    assert _form_sentences("資格は取った。でも使う場面がない") == ["資格は取った。", "でも使う場面がない"]
    assert _form_sentences("「それって意味ある？」って言われた") == ["「それって意味ある？」って言われた"]
    assert _form_sentences("「来月どう？」とか「いけるよね？」とか言われる") == ["「来月どう？」とか「いけるよね？」とか言われる"]


@pytest.mark.parametrize(
    "question",
    ["ここに書いた内容を、人事部の方がご覧になることはございませんか。", "これって会社の人が見ることはあるんですか"],
)
def test_whether_someone_sees_this_asked_in_other_words_is_answered(guide, question):
    _, replies = play(guide, "one_on_one", ["評価の基準を知りたい", question])
    assert "答えられません" not in replies[-1] and "お答えできません" not in replies[-1], replies[-1]
    assert "誰も読め" in replies[-1], replies[-1]


# ---- round 34 (graded this session; new sentences)


def test_outside_a_1on1_a_quoted_word_not_to_be_written_leaves_the_summary(guide):
    state, replies = play(guide, "career", ["Mustは、今の締め作業は回さないといけない。あと奨学金の返済も残ってる", "『奨学金』はノートに書かなくていいです。それ以外は大丈夫"])
    assert "「奨学金」は、まとめから外しておきますね" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("奨学金" in line for line in summary.noticed), summary.noticed
    assert any("締め作業" in line for line in summary.noticed), summary.noticed


def test_an_arrow_pointing_up_keeps_the_message_before_it_back(guide):
    state, _ = play(guide, "one_on_one", ["評価の基準を聞きたい", "ついでに言うと、来年引っ越すかも", "↑これは課長には絶対入れないで"])
    summary = guide.summarise(state, language="ja")
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")]
    assert not any("引っ越す" in line for line in shared), summary.noticed
    assert any("評価の基準" in line for line in shared), summary.noticed


def test_a_quoted_english_word_dropped_leaves_the_notes(guide):
    state, _ = play(guide, "one_on_one", ["Topic: the release schedule.", "Honestly part of it is pride.", "Also drop 'pride' entirely, even from my own notes."], "en")
    summary = guide.summarise(state, language="en")
    assert not any("pride" in line.lower() for line in summary.noticed), summary.noticed


def test_a_short_quoted_phrase_is_cut_out_of_its_sentence_not_the_sentence_with_it(guide):
    state, _ = play(guide, "one_on_one", ["Topic: I want to keep writing code this quarter.", "Actually take out 'this quarter'."], "en")
    summary = guide.summarise(state, language="en")
    lines = " ".join(summary.noticed)
    assert "I want to keep writing code" in lines and "this quarter" not in lines, summary.noticed


def test_a_swap_in_tohoku_dialect_for_the_managers_version_is_made(guide):
    state, replies = play(guide, "one_on_one", ["残業のことを話したい。子どもの通院があって", "『通院』って書いであっけど、『家の用事』さ直して。課長の方のやつな"])
    assert "「通院」を「家の用事」に直しておきます" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("通院" in line for line in summary.noticed) and any("家の用事" in line for line in summary.noticed), summary.noticed


def test_deleting_what_was_just_written_is_done_and_read_as_no_crisis(guide):
    """「てかやっぱさっきの消して。ここにも残したくない」 (R34-07) got the crisis check: the character
    classifier reads 消して/残したくない as a crisis; a request about the record is read past, in the
    guide's reply only (the help panel beside it is computed from the full reading)."""
    state, replies = play(guide, "one_on_one", ["評価のことを話したい", "ついでに言うと、実は転職も少し考えてて", "↑これは課長には入れないで", "やっぱさっきの消して。ここにも残したくない"])
    assert "続ける" not in replies[-1] and "相談先" not in replies[-1], replies[-1]
    assert "外しておきますね" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("転職" in line for line in summary.noticed), summary.noticed


def test_a_crisis_read_past_a_request_is_kept_when_the_person_is_what_is_erased():
    from jatext.safety import detect
    from kabeuchi.coach.engines.guide import _read_past_requests

    for text in ["誰か私のことを消してくれないかな", "自分の存在ごと消してしまいたい。全部消して", "もう全部消して、いなくなりたい"]:
        signals = detect(text)
        if any(s.kind == "crisis" for s in signals):
            assert any(s.kind == "crisis" for s in _read_past_requests(text, signals)), text


def test_all_of_it_taken_back_leaves_an_empty_summary_not_the_words(guide):
    state, _ = play(guide, "moyamoya", ["My team lead ignored my idea again.", "Actually delete that. I don't want it here."], "en")
    summary = guide.summarise(state, language="en")
    assert not any("team lead" in line for line in summary.noticed), summary.noticed


def test_how_to_delete_or_stop_saving_is_answered_with_where(guide):
    _, replies = play(guide, "one_on_one", ["評価のことを話したい", "どうやって消すの？保存しない設定とかある？"])
    assert _SAVING_HOW["ja"] in replies[-1], replies[-1]


def test_a_summary_asked_with_if_not_saved_is_the_summary(guide):
    """R35-16: 「まとめ見せて　保存しないなら紙に書き写すから」 got the answer about keeping instead of the
    summary (「保存しないなら」 is a condition, not a wish)."""
    _, replies = play(guide, "stocktaking", ["営業で20年、取引先を一度も失ったことがない", "まとめ見せて　保存しないならメモ帳に書き写すから"])
    assert "まとめてみます" in replies[-1] or "並べてみますね" in replies[-1], replies[-1]


def test_a_second_wish_about_keeping_gets_the_short_answer(guide):
    from kabeuchi.coach.engines.guide import _SAVING_AGAIN

    _, replies = play(guide, "stocktaking", ["営業で20年、取引先を一度も失ったことがない", "今日のは保存しなくていい", "やっぱ保存は1週間で"])
    assert _SAVING_HOW["ja"] in replies[1], replies[1]
    assert _SAVING_AGAIN["ja"] in replies[-1] and _SAVING_HOW["ja"] not in replies[-1], replies[-1]
