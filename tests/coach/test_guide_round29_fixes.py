"""Faults of earlier rounds' blind reviews left open in the fifteenth session's note, fixed in the
sixteenth: a quote the person asks to *put in* read as one to keep out, and a goodbye with a
reason and a trailing ellipsis (「夜勤明けなので寝ます…」) filed as content.  The sentences here are
new, not the rounds'."""

from __future__ import annotations

import pytest

from tests.coach.test_guide_engine import play


def test_a_quote_asked_to_be_put_in_is_not_said_to_stay_out(guide):
    _, replies = play(guide, "one_on_one", [
        "来週の面談の準備をしたい",
        "残業が続いている件",
        "子どもの通院のことは書かないで、『家の事情で定時に帰れる日を増やしたい』だけ入れてください。",
    ])
    assert "子どもの通院" in replies[-1], replies[-1]
    assert "定時に帰れる日を増やしたい」のことは" not in replies[-1], replies[-1]
    assert "書きません" in replies[-1], replies[-1]


def test_a_quote_that_may_be_said_is_not_kept_back(guide):
    _, replies = play(guide, "one_on_one", [
        "1on1の準備",
        "異動のこと",
        "「体調のことで」くらいは言ってもいいけど、病名は書かないでください",
    ])
    assert "「体調のことで」のことは" not in replies[-1], replies[-1]


@pytest.mark.parametrize("goodbye", [
    "当直明けなので寝ます…ありがとうございました。",
    "もう寝ます〜ありがとうございました",
    "眠いのでもう寝る…",
])
def test_a_goodbye_with_a_reason_and_a_trailing_ellipsis_ends_the_talk_and_is_not_filed(guide, goodbye):
    state, replies = play(guide, "one_on_one", ["来月の面談の準備をしたい", "夜勤の回数のこと", goodbye])
    assert "ありがとうございました" in replies[-1], replies[-1]
    assert "寝" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("寝" in line for line in summary.noticed), summary.noticed


def test_a_word_asked_to_stay_unwritten_is_named_and_its_lines_nouns_do_not_follow_it(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1の準備したい",
        "経理から営業企画に移りたい",
        "経理5年やってて、もう無理かなって",
        "あ、でも無理とか書かないでね",
        "経理の経験を企画で活かしたい",
    ])
    assert "「無理」のことは" in replies[3], replies[3]
    summary = guide.summarise(state, language="ja")
    text = "\n".join(summary.noticed)
    assert "無理" not in text, summary.noticed
    assert "経理の経験を企画で活かしたい" in text and "自分のためのメモ" not in text, summary.noticed


@pytest.mark.parametrize(("language", "messages", "vent"), [
    ("ja", ["1on1の準備", "納期の件", "隣の課の主任が手柄を全部自分のものにしてて腹立つ。でもそれ課長に言うと告げ口っぽいし、ここだけの話で", "あの人いつもそうなんよ。前の案件でも"], "前の案件"),
    ("en", ["1on1 prep", "the release dates", "my teammate keeps taking credit for my work. that's just for me, not for the agenda", "he always does this, even last year"], "last year"),
])
def test_venting_that_goes_on_after_a_private_matter_stays_with_it(guide, language, messages, vent):
    state, replies = play(guide, "one_on_one", messages, language)
    assert vent not in replies[-1], replies[-1]
    summary = guide.summarise(state, language=language)
    for line in summary.noticed:
        if vent in line:
            assert line.startswith(("自分のためのメモ", "Just for you")), summary.noticed


def test_a_new_topic_after_a_private_matter_is_still_a_topic(guide):
    state, _ = play(guide, "one_on_one", ["1on1の準備", "納期の件", "同期に手柄とられてむかつく。ここだけの話で", "あと、評価の話もしたい"])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("話したいこと") and "評価の話" in line for line in summary.noticed), summary.noticed


def test_a_swap_named_in_other_words_is_applied_where_the_person_said_it(guide):
    state, replies = play(guide, "one_on_one", [
        "来週の1on1の準備をしたい",
        "人が足りない件。6月から1名欠員のままで、休日出勤が月に4回ほど増えています",
        "「休日出勤が月4回増」は生々しいので、「休日出勤が続いている」としてください。",
    ])
    assert "直して" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    text = "\n".join(summary.noticed)
    assert "休日出勤が続いている" in text and "4回" not in text, summary.noticed


def test_a_loose_match_stays_inside_one_sentence_and_never_matches_a_short_kana_word():
    from kabeuchi.coach.engines.guide import _loose_span

    assert _loose_span("残業が月30時間増", "残業が多い。月に30時間。時間が増えた") is None
    assert _loose_span("むり", "ちょっとむりかも") is None
    assert _loose_span("残業が月30時間増", "残業が月平均で30時間ほど増えております。") == (0, len("残業が月平均で30時間ほど増えております"))


@pytest.mark.parametrize("goodbye", ["結構です。ありがとうございました。", "以上で結構です、ありがとうございました"])
def test_no_thanks_with_thanks_ends_the_talk(guide, goodbye):
    _, replies = play(guide, "one_on_one", ["1on1の準備をしたい", "評価の基準のこと", goodbye])
    assert "結構です" not in replies[-1] and "ありがとうございました" in replies[-1], replies[-1]


@pytest.mark.parametrize(("language", "messages", "hint"), [
    ("ja", ["1on1の準備したい", "来期の担当替えの話", "しんどいわ最近。仕事じゃなくて別のことで"], "しんどいわ最近"),
    ("en", ["1on1 prep", "the team split next quarter", "been rough lately. it's personal stuff, not work"], "been rough lately"),
])
def test_a_trouble_said_to_lie_outside_work_is_kept_from_the_manager_by_default(guide, language, messages, hint):
    state, _ = play(guide, "one_on_one", messages, language)
    summary = guide.summarise(state, language=language)
    for line in summary.noticed:
        if hint in line:
            assert line.startswith(("自分のためのメモ", "Just for you")), summary.noticed
    assert any(hint in line for line in summary.noticed), summary.noticed


def test_work_itself_is_no_trouble_outside_work(guide):
    state, _ = play(guide, "one_on_one", ["1on1の準備したい", "仕事の割り振りが偏っている件"])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("話したいこと") and "割り振り" in line for line in summary.noticed), summary.noticed


def test_a_style_named_after_two_interjections_and_an_opening_said_after_a_nod_are_filed_where_named(guide):
    state, _ = play(guide, "one_on_one", [
        "1on1の準備したい",
        "昇格の話",
        "手当が減った件",
        "うん、戻る。昇格の話は、アドバイスほしい",
        "合ってます。最初は手当の話から言う",
    ])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("望む関わり方") and "アドバイスほしい" in line for line in summary.noticed), summary.noticed
    assert any("最初は手当の話から言う" in step for step in summary.next_steps), (summary.noticed, summary.next_steps)


def test_asking_what_to_open_with_is_not_an_opening(guide):
    state, _ = play(guide, "one_on_one", ["1on1の準備したい", "昇格の話", "最初は何から言うたらええかね。どう思う?"])
    summary = guide.summarise(state, language="ja")
    assert not any("何から言う" in step for step in summary.next_steps), summary.next_steps


def test_something_said_apart_from_the_steps_is_shown_even_without_a_salient_phrase(guide):
    from kabeuchi.coach.engines.guide import _worth_a_note

    assert _worth_a_note("登用の条件と、あと私の評価って実際どうなのかってこと")
    assert not _worth_a_note("はい")


def test_a_which_way_question_in_plain_form_is_a_request_for_a_decision_and_not_quoted_with_kadouka(guide):
    _, replies = play(guide, "career", ["定年後の働き方を考えたい", "社内に残る道と、独立する道と、どっちが現実的だと思うか。"])
    assert "決めるのは" in replies[-1] or "決める" in replies[-1], replies[-1]
    assert "かどうか" not in replies[-1], replies[-1]


def test_a_plain_question_asked_in_passing_is_answered_as_a_question(guide):
    state, replies = play(guide, "career", ["方向性を考えたい", "ちなみに、再雇用の給与の決まり方は法律で決まっているのか。"])
    assert "答えられません" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("給与の決まり方" in step for step in summary.next_steps), summary.next_steps


@pytest.mark.parametrize(("language", "goodbye"), [
    ("ja", "本当にありがとうございました。だいぶ頭が整理できました"),
    ("en", "thanks, that helped a lot"),
])
def test_thanks_with_how_the_talk_went_ends_it(guide, language, goodbye):
    opening = ["I want to think about my direction", "I like teaching new people"] if language == "en" else ["方向性を考えたい", "後輩に教えるのは好きです"]
    _, replies = play(guide, "career", [*opening, goodbye], language)
    assert ("ありがとうございました" if language == "ja" else "Thank you") in replies[-1], replies[-1]
    assert "?" not in replies[-1] and "？" not in replies[-1] and "ですか" not in replies[-1], replies[-1]


def test_sorting_out_without_thanks_is_still_an_answer():
    from kabeuchi.coach.engines.guide import _wants_end

    assert not _wants_end("少し整理できました")


def test_a_career_check_files_each_sentence_by_what_it_says_not_by_the_question_on_screen(guide):
    # given a first answer that says it does not know what it wants, to the question about strengths
    _, replies = play(guide, "career", [
        "来年、役職を外れます。その後を考えたい",
        "正直、何をしたいのかが分からない。言われた役割をこなしてきただけなので",
        "強いて言えば、新人が育つのを見るのは嬉しかった",
    ])
    checks = [r for r in replies if "まとめてみます" in r or "並べてみますね" in r]
    assert checks, replies
    lines = checks[-1].splitlines()
    assert not any(line.startswith("・やりたいこと（Will）：「来年、役職を外れます") for line in lines), checks[-1]
    assert any("新人が育つのを見るのは嬉しかった" in line for line in lines), checks[-1]


def test_an_explicit_swap_whose_words_are_nowhere_is_said_so_and_never_filed(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 with my team lead on friday",
        "I want to ask about more project time because I'm stuck on support tickets",
        "Change 'always on tickets' to just 'mostly on tickets'.",
    ], "en")
    assert "could not find" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    assert not any("Change 'always" in line for line in summary.noticed), summary.noticed


def test_a_pair_of_quotes_in_a_story_is_no_swap_request(guide):
    _, replies = play(guide, "one_on_one", ["1on1の準備", "毎回『何か困ってる？』『特にないです』で終わっちゃう"])
    assert "見当たりませんでした" not in replies[-1], replies[-1]


def test_the_managers_view_shows_every_topic_of_a_long_first_message(guide):
    _, replies = play(guide, "one_on_one", [
        "Hi. I have a 1on1 next week and I'm all over the place. I want to ask about more hours because my contract is small, "
        "and I'd kind of like to be considered for the mentor role they posted internally. Not sure which to lead with.",
        "Can I see exactly what she will see?",
    ], "en")
    assert "mentor role" in replies[-1] and "more hours" in replies[-1], replies[-1]


@pytest.mark.parametrize(("language", "messages", "secret"), [
    ("en", ["1on1 prep", "the migration I led", "Also, between us, I have a final interview elsewhere. My manager must not know this. If they offer, I may take it."], "If they offer"),
    ("ja", ["1on1の準備", "担当替えの話", "あと、実は他社の最終面接が来週ある。これは課長には絶対言わないで。受かったら行くかもしれん"], "受かったら"),
])
def test_what_follows_a_request_in_the_middle_of_a_story_stays_with_the_story(guide, language, messages, secret):
    state, replies = play(guide, "one_on_one", messages, language)
    assert secret not in replies[-1], replies[-1]
    summary = guide.summarise(state, language=language)
    for line in summary.noticed:
        if secret in line:
            assert line.startswith(("自分のためのメモ", "Just for you")), summary.noticed


def test_a_secret_told_with_its_request_is_kept_in_the_persons_own_line_not_lost(guide):
    state, _ = play(guide, "one_on_one", [
        "来週の1on1の準備",
        "担当案件が多すぎる件",
        "よかった。実は転職サイトに登録してて、それは課長には絶対出したくないです。",
    ])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("自分のためのメモ") and "転職サイト" in line for line in summary.noticed), summary.noticed


def test_a_lead_in_to_a_secret_goes_with_it(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 prep for next week",
        "my workload since the reorg",
        "There's something else going on. My father is very ill and I've been taking Fridays off. I really don't want that in anything she sees.",
    ], "en")
    assert "something else going on" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    assert not any(line.startswith("Topics") and "something else" in line for line in summary.noticed), summary.noticed


def test_nothing_beside_a_keep_request_is_probed(guide):
    _, replies = play(guide, "one_on_one", [
        "1on1の準備",
        "評価の話",
        "来期は…実は通信の大学に通うかもしれなくて。出願したけど、落ちたら恥ずかしいから課長には言わんつもり",
    ])
    assert "通信の大学" not in replies[-1] and "どんな思い" not in replies[-1], replies[-1]


def test_thanks_and_leaving_ends_the_talk(guide):
    _, replies = play(guide, "one_on_one", ["1on1 prep", "the rota", "Thanks a million, that helped more than I expected. Off to do the handover."], "en")
    assert "added" not in replies[-1] and "Thank you" in replies[-1], replies[-1]


def test_a_keep_request_in_learner_english_keeps_the_story_it_ends(guide):
    state, replies = play(guide, "one_on_one", [
        "hello, 1on1 with my leader tomorow",
        "i want to talk about my shift. too many night",
        "i am tired, because i drive delivery for uber on weekend for more money. pls dont write that part, my boss not know",
    ], "en")
    assert "uber" not in replies[-1].lower(), replies[-1]
    summary = guide.summarise(state, language="en")
    for line in summary.noticed:
        if "uber" in line:
            assert line.startswith("Just for you"), summary.noticed


@pytest.mark.parametrize(("language", "messages", "question"), [
    ("en", ["1on1 prep", "my shift pattern", "the weekend job. don't put it in anything my manager sees", "show me"], "good. the weekend job not there right?"),
    ("ja", ["1on1の準備", "シフトの件", "週末のバイトのことは課長には言わないで", "まとめて"], "よかった。バイトのことは入ってないよね？"),
])
def test_asking_whether_something_is_left_out_right_after_a_summary_shows_what_the_manager_would_see(guide, language, messages, question):
    _, replies = play(guide, "one_on_one", [*messages, question], language)
    assert ("上司に見える部分" in replies[-1]) or ("your manager could see" in replies[-1]), replies[-1]


def test_no_need_to_write_keeps_the_word_out_and_is_no_opening(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1の準備したい",
        "残業が多い件",
        "あとね、これは課長には内緒なんだけど、通院が増えそうなの",
        "『治療で定期的な通院が必要になる』くらいで。病名ってとこは書かなくていい",
    ])
    assert "「病名」のことは" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("書かなくていい" in step for step in summary.next_steps), summary.next_steps


def test_an_opening_said_with_its_words_in_quotes_is_the_opening_and_just_listen_is_a_style(guide):
    state, _ = play(guide, "one_on_one", ["1on1の準備したい", "残業が多い件", "課長にはとりあえず聞いてほしいだけ。アドバイスはいらない", "最初は『相談が2つあります』って言う"])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("望む関わり方") and "聞いてほしいだけ" in line for line in summary.noticed), summary.noticed
    assert any("相談が2つあります" in step for step in summary.next_steps), summary.next_steps


def test_in_a_crisis_a_person_who_cannot_phone_gets_chat_services_once_and_someone_close_is_affirmed(guide):
    _, replies = play(guide, "moyamoya", [
        "最近ずっとしんどい",
        "朝が来なければいいのにって毎晩思ってる",
        "電話とか無理。しゃべるの苦手",
        "チャットならできるかも",
        "姉には少し言えるかも",
    ])
    assert "チャット" in replies[2] and "まもろうよ" in replies[2], replies[2]
    assert replies[3] != replies[2] and "一つだけ" in replies[3], replies[3]
    assert "支えになる" in replies[4], replies[4]


@pytest.mark.parametrize(("language", "messages", "secret"), [
    ("ja", ["1on1の準備したい", "人手が足りん件", "ほんで、これは係長には絶対言わんといてほしいんやけど", "実は他社の面接受けてん。まだ迷ってるけど"], "他社の面接"),
    ("en", ["1on1 prep", "staffing on nights", "ok this stays between us, but:", "I have a second interview at another hospital next week."], "second interview"),
])
def test_a_request_that_announces_the_next_message_keeps_that_message_and_does_not_probe_it(guide, language, messages, secret):
    state, replies = play(guide, "one_on_one", messages, language)
    assert ("このあと書くこと" in replies[2]) or ("What you write next" in replies[2]), replies[2]
    assert secret not in replies[3] and "どんな思い" not in replies[3] and "behind those words" not in replies[3], replies[3]
    summary = guide.summarise(state, language=language)
    for line in summary.noticed:
        if secret in line:
            assert line.startswith(("自分のためのメモ", "Just for you")), summary.noticed
    assert any(secret in line for line in summary.noticed), summary.noticed


def test_a_family_member_named_with_another_word_is_still_kept_out(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1の準備したい",
        "残業が続いてる件",
        "それと、父が入院してから週末は病院通いで休めてない",
        "あ、さっきの親父のことは、やっぱ書かないで。時短のことだけ聞きたい",
    ])
    assert "「親父」のことは" in replies[-1] and "「父」" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("入院" in line for line in summary.noticed), summary.noticed
