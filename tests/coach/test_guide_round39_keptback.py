"""Round 39's harmful 1on1 summaries (development data since its grades): a matter kept back or
taken back named far from where it was told, an item a message takes back itself, and a name
withheld.  The sentences are new, not the round's; each test fails on the code before this change
(29b1c43), except the two after "the edges these readings must not cross", which pass there too:
they guard what the new readers must leave alone."""

from __future__ import annotations

from tests.coach.test_guide_engine import play

MEMO_JA = "自分のためのメモ"
MEMO_EN = "Just for you"


def _shared(summary) -> str:
    return "\n".join(line for line in summary.noticed if not line.startswith((MEMO_JA, MEMO_EN)))


def _memo(summary) -> str:
    return "\n".join(line for line in summary.noticed if line.startswith((MEMO_JA, MEMO_EN)))


def test_a_matter_kept_back_by_name_leaves_its_item_of_a_list_told_two_messages_before(guide):
    """R39-13: 「副業の件は…内緒に」 after a question, two messages after the list that held it,
    left the item among the topics for the manager."""
    state, _ = play(guide, "one_on_one", [
        "①評価面談の結果について ②新人研修の進め方 ③資格の勉強で休みを取りたい",
        "有給って半日単位でも取れるんでしたっけ？",
        "了解です。資格の件は、まだ課長には内緒にしといてください。受かってから言いたいので",
    ])
    summary = guide.summarise(state, language="ja")
    assert "資格" not in _shared(summary), _shared(summary)
    assert "評価面談" in _shared(summary) and "新人研修" in _shared(summary)
    assert "資格の勉強" in _memo(summary)


def test_one_topic_of_a_list_joined_by_ato_is_dropped_alone(guide):
    """R39-01: 「自分のこれからのはやっぱ今回はやめとく」 about the last of 「…こと　あと…　あと…」
    kept it among the topics; taking it back must not take the other two with it."""
    state, _ = play(guide, "one_on_one", [
        "まずは来期の目標のこと　あと在宅勤務の回数　あと異動希望のこと",
        "目標のことは一緒に考えてほしいです",
        "異動希望のはやっぱ今回はやめときます",
    ])
    shared = _shared(guide.summarise(state, language="ja"))
    assert "異動希望" not in shared, shared
    assert "来期の目標" in shared and "在宅勤務の回数" in shared, shared


def test_an_item_a_message_takes_back_itself_is_no_topic(guide):
    """R39-04: "3) maybe salary? scratch that, not salary" listed salary back and kept it among
    the topics for the manager."""
    state, replies = play(guide, "one_on_one", [
        "I have a 1on1 with my lead on Monday.",
        "1) the onboarding docs 2) the hackathon budget 3) my job title? scratch that, not the title",
    ], language="en")
    assert "job title" not in replies[-1] and "hackathon budget" in replies[-1], replies[-1]
    shared = _shared(guide.summarise(state, language="en"))
    assert "job title" not in shared and "onboarding docs" in shared, shared


def test_words_that_take_back_only_what_came_before_them(guide):
    """「いや今のなし」 takes back the item just before it in the same message, not the whole
    message; at the start of a message it is about the message before, which this does not read."""
    from kabeuchi.coach.engines.guide import _without_own_retraction

    assert _without_own_retraction("話したいのは残業のこと、あと評価のこと。いや今のなし。残業のことだけです") == "話したいのは残業のこと。残業のことだけです"
    assert _without_own_retraction("I never mind staying late.") == "I never mind staying late."
    assert _without_own_retraction("Forget it, the budget is fine.") == "Forget it, the budget is fine."


def test_a_name_withheld_keeps_the_lines_that_name_them_from_the_manager(guide):
    """R39-01: 「Aさんの名前は出さんといて」 was answered with the close, and the line naming Aさん
    stayed in the preparation."""
    state, replies = play(guide, "one_on_one", [
        "話したいのは休日出勤の回し方です",
        "休日出勤がいつもBさんに偏ってて、本人かなり疲れてそうなんです",
        "Bさんの名前は出さないでください。私が言ったとわかると気まずいので",
    ])
    assert "Bさん" in replies[-1] and "メモ" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert "Bさん" not in _shared(summary), _shared(summary)
    assert "休日出勤の回し方" in _shared(summary)
    assert "Bさんに偏って" in _memo(summary)


def test_a_story_asked_to_be_as_if_never_told_is_taken_out(guide):
    """R39-07: 「田中さんの話はなかったことにしてください」 was answered 「その言葉を、ここに書き留めて
    おきます」, the opposite, and the summary kept the remark."""
    state, replies = play(guide, "stocktaking", [
        "営業事務を5年やっています。見積もりのミスを減らす仕組みを作ったことがあります",
        "隣の課の山本さんには、細かすぎるって陰で言われてるらしいです",
        "あ、山本さんの話はなかったことにしてください",
        "見積もりのミスを減らすために、チェック表を作って課内に配りました",
    ])
    assert "書き留め" not in replies[-2] and "外し" in replies[-2], replies[-2]
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "山本さん" not in noticed and "チェック表" in noticed, noticed


def test_one_item_taken_out_of_a_list_said_in_one_sentence_leaves_the_others(guide):
    """R39-06: 「さっきの夜勤の話はなしで」 about 「段取り、設備の癖がわかる、あと夜勤も…」 kept the
    night shift (a name of two kanji was too short to be read), and a whole-sentence cut would have
    taken the other two with it."""
    state, _ = play(guide, "career", [
        "Canは…図面が読める、段取りが早い、あと出張も嫌がらずに行ける（笑）",
        "さっきの出張の話はなしで。それは強みじゃない",
    ])
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "出張" not in noticed, noticed
    assert "図面が読める" in noticed and "段取りが早い" in noticed, noticed


def test_a_matter_not_to_be_told_stays_out_when_it_comes_up_again_later(guide):
    """R39-10: after 「1on1では先輩のことは言いたくないです」 (read by the keptback reader at 0.83),
    「…先輩の話になりそうで怖いです」 said later went into the lines for the manager."""
    state, _ = play(guide, "one_on_one", [
        "話したいのは、来月のシフトの組み方のことです",
        "面談では佐々木さんのことは言いたくないです。シフトの話だけにしたいです",
        "でも、シフトの話をすると佐々木さんの話になりそうで不安です",
    ])
    summary = guide.summarise(state, language="ja")
    assert "佐々木さん" not in _shared(summary), _shared(summary)
    assert "シフトの組み方" in _shared(summary)
    assert "佐々木さんの話になりそう" in _memo(summary)


def test_an_item_named_by_its_place_is_kept_back_alone(guide):
    """R39-03: 「やはり三点目は今回の面談資料からは外してください」 after 「一点目は…。二点目は…。
    三点目は…」 kept the third point in the topics for the manager."""
    state, _ = play(guide, "one_on_one", [
        "話したいことは三つあります。一つ目は、新システムの教育担当のこと。二つ目は、在宅勤務の日数。三つ目は、将来の管理職試験のことです。",
        "二つ目は、週2日にできないか聞きたいです",
        "やっぱり三つ目は今回の面談メモからは外してください。",
    ])
    summary = guide.summarise(state, language="ja")
    assert "管理職試験" not in _shared(summary), _shared(summary)
    assert "教育担当" in _shared(summary) and "在宅勤務" in _shared(summary), _shared(summary)
    assert "管理職試験" in _memo(summary)


def test_the_place_of_an_item_is_read_in_english_too():
    from kabeuchi.coach.engines.guide import _item_by_place

    said = ["1) the new hire training 2) remote days 3) the promotion exam", "ok"]
    assert _item_by_place("Please leave the third one out of what my manager sees", said) == ["3) the promotion exam"]
    assert _item_by_place("leave the last one out", said) == ["3) the promotion exam"]
    assert _item_by_place("Leave it out", said) == []


def test_that_part_not_to_be_written_takes_out_what_the_message_names(guide):
    """R39-05: 「店長が嫌いってわけじゃないけん、そこは書かんで」 after a summary check was echoed
    (「そこは書かん」) and the remark about the store manager stayed in the summary."""
    state, replies = play(guide, "moyamoya", [
        "最近、チームの空気が重くて",
        "係長が若手にばかり仕事を振っている気がする",
        "係長を責めたいわけじゃないので、そこは書かないでください",
        "とにかく空気をよくしたい",
    ])
    assert "外し" in replies[2] and "書かない」" not in replies[2], replies[2]
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "係長" not in noticed and "空気" in noticed, noticed


# the edges these readings must not cross (each was seen in a replay of the earlier rounds)


def test_no_advice_wanted_is_how_the_manager_should_respond_not_a_removal(guide):
    """「部長には予算の判断をしてほしい。助言は要らない」 (round 11's T11): a two-kanji word before
    いらない is no target; only 消して, 外して, なしで … take a word that short out."""
    state, _ = play(guide, "one_on_one", ["話したいのは来期の採用枠のことです", "課長には判断だけしてほしい。助言は要らない"])
    assert "助言は要らない" in _shared(guide.summarise(state, language="ja"))


def test_a_matter_shown_after_all_goes_back_to_the_preparation(guide):
    """「けしょうひんのことはまだみせないでください」, then 「やっぱりけしょうひんのこともみせていいです」
    (round 32's R32-05): the later word stands."""
    state, _ = play(guide, "one_on_one", [
        "話したいのは、品出しの順番と、ほんとは経理の仕事もやってみたいってこと",
        "経理のことはまだ見せないでください",
        "やっぱり経理のことも見せていいです。言ってみます",
    ])
    assert "経理の仕事もやってみたい" in _shared(guide.summarise(state, language="ja"))


def test_a_short_word_taken_back_takes_its_sentence_not_a_hole_in_it(guide):
    """「「安堵」は取り消してください」 (round 36's R36-10) left 「あと少しもあります」."""
    state, _ = play(guide, "moyamoya", [
        "担当していた案件が止まりました",
        "悔しいです。あと少し不安もあります",
        "「不安」は取り消してください。言いすぎました",
    ])
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "不安" not in noticed and "少しもあります" not in noticed, noticed
    assert "悔しい" in noticed, noticed
