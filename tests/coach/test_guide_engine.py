"""The embedded guide engine: guided flows, own words reflected, no judging, skip/back,
summaries from the person's answers, and speed."""

from __future__ import annotations

import asyncio
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jatext.safety import detect, firm_kinds
from kabeuchi.coach.engines.base import ConversationState, EngineConfig, Turn
from kabeuchi.coach.engines.guide import GuideEngine, answers_of
from kabeuchi.coach.themes import THEMES, get_theme

QUESTION = re.compile(r"か。|？|\?|でしょう。")


QUOTED = re.compile(r"「[^」]*」|\"[^\"]*\"")


def questions_in(reply: str) -> int:
    """Questions the guide asks (the person's own words, quoted or listed back, do not count)."""
    own = "\n".join(line for line in reply.splitlines() if not line.startswith(("・", "- ")))
    return len(QUESTION.findall(QUOTED.sub("", own)))


def step_key(state: ConversationState) -> str:
    theme = get_theme(state.theme)
    step = theme.step_at(state.step)
    return step.key if step is not None else "end"


def walk_theme(guide, theme_key: str, language: str = "ja"):
    """Answer every question of a theme plainly; confirm every summary check. Returns the state,
    the replies, and the keys of the steps asked in order."""
    state = guide.start(theme_key, language=language)
    asked = [step_key(state)]
    replies = []
    for n in range(40):
        last = state.turns[-1]
        if last.move == "close":
            break
        if last.move == "check":
            message = "はい、合っています。" if language == "ja" else "Yes, that fits."
        else:
            message = (
                f"答え{n}として、会議の資料作りのことを書きます。"
                if language == "ja"
                else f"Answer {n}: the meeting slides."
            )
        reply = guide.reply(state, message, language=language)
        state = guide.record(state, message, reply, language=language)
        replies.append(reply)
        if state.turns[-1].move in ("ask", "resume") and step_key(state) != asked[-1]:
            asked.append(step_key(state))
    return state, replies, asked


# --- opening and honesty --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_opening_says_honestly_that_it_is_a_guide_not_a_chatbot(guide, language):
    # given any theme
    # when a guided conversation starts
    opening = guide.start("moyamoya", language=language).turns[0].text
    # then one line says what it is, and how to skip or go back
    if language == "ja":
        assert "AIのチャットではなく" in opening and "ガイド" in opening
        assert "「スキップ」" in opening and "「戻る」" in opening
    else:
        assert "a guide, not an AI chatbot" in opening
        assert '"skip"' in opening and '"back"' in opening
    # and it ends with the theme's first question
    assert opening.endswith(THEMES["moyamoya"].steps[0].question.get(language))


# --- following the flow ---------------------------------------------------------------------


@pytest.mark.parametrize("theme_key", [k for k in THEMES if k != "free"])
def test_each_theme_is_walked_step_by_step_to_its_close(guide, theme_key):
    # given a guided theme
    theme = THEMES[theme_key]
    # when every question is answered and every summary confirmed
    state, replies, asked = walk_theme(guide, theme_key)
    # then the steps were asked in the theme's order, one after another, and the flow closed
    assert asked == [s.key for s in theme.steps]
    assert state.turns[-1].move == "close"
    assert "ありがとうございました" in replies[-1]
    # and every reply asked at most one question
    assert all(questions_in(r) <= 1 for r in replies), [r for r in replies if questions_in(r) > 1]


def test_free_talk_cycles_through_facts_feelings_wishes_and_a_small_step(guide):
    # given free talk
    # when the person keeps answering
    state, _, asked = walk_theme(guide, "free")
    state = guide.start("free", language="ja")
    keys = [step_key(state)]
    for i in range(11):
        message = "はい" if state.turns[-1].move == "check" else f"話{i}：チームの雰囲気のことです。"
        state = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
        if state.turns[-1].move in ("ask", "resume", "skip") and keys[-1] != step_key(state):
            keys.append(step_key(state))
    # then the questions go topic → facts → feelings → wishes → small step, and round again
    assert keys[:7] == ["topic", "facts", "feelings", "wishes", "small_step", "topic", "facts"]
    # and the second round opens with "what else", not the very first question again
    assert any("ほかに、どんなことが心にありますか。" in t.text for t in state.turns if t.role == "partner")


def test_one_on_one_lists_the_persons_topics_back_in_their_words(guide):
    # given the 1on1 theme
    state = guide.start("one_on_one", language="ja")
    topics = "評価面談の結果について\n・来期やりたい仕事\n残業が多いこと"
    # when the person lists their topics
    reply = guide.reply(state, topics, language="ja")
    # then the next question lists each topic exactly as written, and asks about the response wanted
    assert "・評価面談の結果について\n・来期やりたい仕事\n・残業が多いこと" in reply
    assert "アドバイスがほしい" in reply and "ただ聞いてほしい" in reply


# --- reflecting the person's own words --------------------------------------------------------


def test_it_reflects_the_persons_key_words_exactly_as_written(guide):
    # given a concern in the person's words
    state = guide.start("moyamoya", language="ja")
    message = "営業部の佐藤課長に、会議で強く言われました。悔しかったです。"
    # when the guide replies
    reply = guide.reply(state, message, language="ja")
    # then the quoted words are their words, verbatim, including the feeling in its written form
    quoted = re.findall(r"「([^」]+)」", reply.split("\n")[0])
    assert quoted, reply
    assert all(word in message for word in quoted)
    assert "悔しかった" in quoted
    # and it does not add an interpretation of its own
    assert "つまり" not in reply and "ということは" not in reply


def test_a_scale_answer_is_reflected_as_the_number_given(guide):
    # given the scale question of モヤモヤ整理
    state = ConversationState(theme="moyamoya", turns=(Turn("partner", "…", step=5, move="ask"),), step=5)
    # when the person answers with a number
    reply = guide.reply(state, "6くらい", language="ja")
    # then the number comes back, and the next question asks what would make it one smaller
    assert "「6」" in reply
    assert "1つ小さくなるとしたら" in reply


# --- cues ---------------------------------------------------------------------------------------


def test_i_dont_know_gets_permission_and_a_smaller_question(guide):
    # given the first question of 棚卸し
    state = guide.start("stocktaking", language="ja")
    # when the person says they do not know
    reply = guide.reply(state, "うーん、わからないです", language="ja")
    after = guide.record(state, "うーん、わからないです", reply, language="ja")
    # then not knowing is allowed, a smaller question follows, and the step stays
    assert "わからない、というのも大切な答えです" in reply
    assert THEMES["stocktaking"].steps[0].smaller.ja in reply
    assert after.step == 0 and after.turns[-1].move == "smaller"
    # when they still do not know
    again = guide.reply(after, "やっぱりわからない", language="ja")
    moved = guide.record(after, "やっぱりわからない", again, language="ja")
    # then the guide moves on without pressing
    assert "無理に答えなくて大丈夫です" in again
    assert moved.step == 1


def test_a_sentence_that_only_contains_wakaranai_is_still_an_answer(guide):
    # given the facts question of モヤモヤ整理
    state = ConversationState(theme="moyamoya", turns=(Turn("partner", "…", step=1, move="ask"),), step=1)
    # when the answer mentions not understanding someone
    message = "上司が何を考えているのか、部署の方針と合わせてよくわからない状態が続いています"
    after = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
    # then it is taken as the answer and the flow moves on
    assert after.step == 2


def test_hontou_wa_is_noticed_gently_and_the_second_half_is_asked_about(guide):
    # given the feelings question of モヤモヤ整理
    state = ConversationState(theme="moyamoya", turns=(Turn("partner", "…", step=3, move="ask"),), step=3)
    message = "悔しかったです。でも、本当はもっと挑戦したい"
    # when the person writes a second half after 本当は
    reply = guide.reply(state, message, language="ja")
    after = guide.record(state, message, reply, language="ja")
    # then the guide names the cue and their words after it, and asks about those words
    assert "「本当は」のあとに" in reply and "「もっと挑戦したい」" in reply
    assert reply.rstrip().endswith("か。")
    assert after.turns[-1].move == "deepen" and after.step == 3
    # when they say more
    more = "新しい企画を任せてもらいたいです"
    final = guide.record(after, more, guide.reply(after, more, language="ja"), language="ja")
    # then the flow goes on, and both answers are kept, each under what it says (the summary files
    # sentences by role, jatext.roles): the feeling, and the wish after でも、本当は with the wish said
    # when asked for more (since the nineteenth session a sentence that starts with でも is a
    # sentence of its own, no longer glued to the one before it as a particle would be)
    assert final.step == 4
    noticed = guide.summarise(final, language="ja").noticed
    assert any(line.startswith("気持ち") and "悔しかった" in line and "挑戦" not in line for line in noticed), noticed
    assert any(line.startswith("願い") and "本当はもっと挑戦したい" in line and "新しい企画" in line for line in noticed), noticed


def test_a_trailing_but_invites_what_was_left_unsaid(guide):
    # given the wishes question
    state = ConversationState(theme="moyamoya", turns=(Turn("partner", "…", step=4, move="ask"),), step=4)
    # when the answer stops at けど
    reply = guide.reply(state, "今の部署で頑張りたいんですけど…", language="ja")
    # then the guide gently asks what might follow
    assert "「けど」のあとに続く言葉があるとしたら" in reply


def test_a_but_in_a_story_of_what_happened_is_not_treated_as_a_cue(guide):
    # given the facts question
    state = ConversationState(theme="moyamoya", turns=(Turn("partner", "…", step=1, move="ask"),), step=1)
    # when the story uses けど as a plain connective
    message = "会議で企画を出したけど、部長に「まだ早い」と言われました。"
    after = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
    # then the guide does not stop on it, and moves on
    assert after.turns[-1].move == "ask" and after.step == 2


# --- never judging or deciding ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("辞めたほうがいいですか", "ja"),
        ("辞めるべき？", "ja"),
        ("転職したほうがいいでしょうか", "ja"),
        ("異動の話、受けたほうがいいのかな", "ja"),
        ("Should I quit?", "en"),
        ("Do you think I should accept the transfer?", "en"),
    ],
)
def test_a_request_for_a_decision_gets_help_thinking_not_an_answer(guide, message, language):
    # given a conversation under way
    state = ConversationState(theme="career", turns=(Turn("partner", "…", step=0, move="ask"),), step=0)
    # when the person asks what they should do
    reply = guide.reply(state, message, language=language)
    after = guide.record(state, message, reply, language=language)
    # then the reply says the decision is theirs, gives no yes or no, and asks one open question
    if language == "ja":
        assert "決めるのは、あなた自身です" in reply
        for verdict in (
            "はい",
            "いいえ",
            "べきです",
            "ほうがいいです",
            "方がいいです",
            "おすすめ",
            "やめましょう",
        ):
            assert verdict not in reply
    else:
        assert "The decision is yours" in reply
        assert not re.search(r"\b(yes|no)\b[,.]", reply, re.IGNORECASE)
        assert "you should" not in reply.lower()
    assert questions_in(reply) == 1
    assert after.step == 0  # the flow waits; nothing was decided


def test_after_thinking_about_a_decision_the_flow_resumes_where_it_was(guide):
    # given a decision question during the Will step
    state = guide.start("career", language="ja")
    state = guide.record(
        state, "辞めるべき？", guide.reply(state, "辞めるべき？", language="ja"), language="ja"
    )
    # when the person answers the thinking question
    message = "成長できる環境かどうかを大事にしたい"
    reply = guide.reply(state, message, language="ja")
    after = guide.record(state, message, reply, language="ja")
    # then the guide reflects it, and returns to the same question
    assert "「成長できる環境かどうかを大事にしたい」" in reply
    assert reply.endswith(THEMES["career"].steps[0].question.ja)
    assert after.step == 0
    # and the thought is kept in the summary, apart from the steps
    assert any("成長できる環境" in line for line in guide.summarise(after, language="ja").noticed)


@pytest.mark.parametrize("theme_key", list(THEMES))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_voice_stays_plain_and_never_asks_why(guide, theme_key, language):
    # given a full walk through a theme
    state, replies, _ = walk_theme(guide, theme_key, language)
    for reply in [state.turns[0].text, *replies]:
        # then no reply asks why, none has exclamation marks in a row, and Japanese stays polite
        assert "なぜ" not in reply and "どうして" not in reply
        assert not re.search(r"\bwhy\b", reply, re.IGNORECASE)
        assert not re.search(r"[!！]{2,}", reply)
        if language == "ja":
            assert not re.search(r"(だよ|だね|じゃん|しなよ)", reply)


# --- skip and back --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skip", "back", "language"),
    [("スキップ", "戻る", "ja"), ("skip", "back", "en"), ("スキップします。", "前の質問に戻る", "ja")],
)
def test_skip_moves_to_the_next_question_and_back_returns(guide, skip, back, language):
    # given the first question of 学びと目標
    theme = THEMES["learning"]
    state = guide.start("learning", language=language)
    # when the person skips
    reply = guide.reply(state, skip, language=language)
    state = guide.record(state, skip, reply, language=language)
    # then the next question is asked
    assert state.step == 1 and reply.endswith(theme.steps[1].question.get(language))
    # when they go back
    reply = guide.reply(state, back, language=language)
    state = guide.record(state, back, reply, language=language)
    # then the first question is asked again
    assert state.step == 0 and reply.endswith(theme.steps[0].question.get(language))
    # and going back from the first question stays there
    state = guide.record(state, back, guide.reply(state, back, language=language), language=language)
    assert state.step == 0


def test_skipping_the_last_question_closes_the_flow(guide):
    last = len(THEMES["one_on_one"].steps) - 1
    state = ConversationState(
        theme="one_on_one", turns=(Turn("partner", "…", step=last, move="ask"),), step=last
    )
    after = guide.record(state, "スキップ", guide.reply(state, "スキップ", language="ja"), language="ja")
    assert after.turns[-1].move == "close"


def test_an_answer_given_again_after_going_back_replaces_the_first(guide, talk):
    # given a person who answers, goes back and answers differently
    state, _ = talk(guide, "career", ["海外の案件をやってみたい", "戻る", "新しいチームを立ち上げてみたい"])
    # when the summary is made
    noticed = guide.summarise(state, language="ja").noticed
    # then only the second answer is kept for that step
    will = [line for line in noticed if line.startswith("やりたいこと")]
    assert will == ["やりたいこと（Will）：「新しいチームを立ち上げてみたい」"]


# --- summaries --------------------------------------------------------------------------------------


def test_every_few_answers_it_sums_up_in_their_words_and_asks_if_it_fits(guide, talk):
    # given three answers in モヤモヤ整理 (none with a safety signal: the check waits one reply after
    # one; 「…を低く付けられました」 reads as mistreatment to the classifier, a known false alarm)
    answers = [
        "評価面談のあと、ずっとモヤモヤしています",
        "面談で目標の達成度は60%と言われました",
        "期待されていないのかなと思いました",
    ]
    state, replies = talk(guide, "moyamoya", answers)
    # when the third answer is given
    check = replies[-1]
    # then the reply sums up the three answers in their words and asks whether it fits
    assert state.turns[-1].move == "check"
    assert "あなたの言葉でまとめてみます" in check
    for answer in answers:
        assert answer in check
    assert "しっくりきますか" in check
    # when they correct it
    correction = "期待されていないというより、基準がわからないんです"
    reply = guide.reply(state, correction, language="ja")
    state = guide.record(state, correction, reply, language="ja")
    # then the correction is acknowledged, the flow goes on, and the corrected words are replaced
    # (the summary is headed by form, so only the part corrected changes, wherever it stood)
    assert "まとめの中の前の言葉を、こちらに置き換えておきます" in reply
    assert reply.endswith(THEMES["moyamoya"].steps[3].question.ja)
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "基準がわからない" in noticed and "期待されていないのかなと思いました" not in noticed
    assert "目標の達成度は60%と言われました" in noticed


def test_a_bare_no_to_the_summary_asks_what_is_off(guide, talk):
    state, _ = talk(
        guide, "moyamoya", ["a案件のこと", "会議で意見が通らなかった", "軽く見られていると思った"]
    )
    reply = guide.reply(state, "違います", language="ja")
    assert "どのあたりが違っていましたか" in reply


def test_summarise_composes_what_they_noticed_and_next_steps_from_their_answers(guide, talk):
    # given a full モヤモヤ整理 in the person's words
    answers = [
        "上司との1on1がいつも短く終わってしまうこと",
        "先週の1on1は10分で終わりました",
        "ちゃんと聞いてもらえていないと感じました",
        "はい",
        "寂しかったし、少し焦りました",
        "月に一度は30分ちゃんと話したい",
        "7",
        "はい",
        "事前に話したいことを送っておいたときは少しましでした",
        "次の1on1の前日に、話したいことを2つ送る",
    ]
    state, _ = talk(guide, "moyamoya", answers)
    # when the summary is made
    summary = guide.summarise(state, language="ja")
    # then every answer is there in their words, each sentence under what it says (jatext.roles),
    # never under the question that was on screen: what happened in order, how they read it, the
    # feeling, the wish, the number on the scale
    assert summary.noticed == [
        "起きたこと：「上司との1on1がいつも短く終わってしまうこと」「先週の1on1は10分で終わりました」"
        "「事前に話したいことを送っておいたときは少しましでした」",
        "受け止め方：「ちゃんと聞いてもらえていないと感じました」",
        "気持ち：「寂しかったし、少し焦りました」",
        "願い：「月に一度は30分ちゃんと話したい」",
        "今の大きさ（0〜10）：「7」",
    ]
    # and the next step is the one they chose, verbatim
    assert summary.next_steps == ["次の1on1の前日に、話したいことを2つ送る"]
    # and a bare "はい" to a summary check is not kept as something noticed
    assert not any("「はい」" in line for line in summary.noticed)


def test_a_word_taken_back_a_wish_not_known_and_thanks_for_the_summary_leave_the_summary(guide, talk):
    # given a モヤモヤ整理 where the person does not know what they wish, thanks the guide for the
    # summary in the middle of a message, and takes a feeling word back (round 14, T01 in shape)
    answers = [
        "フロント15年やっとるんじゃけど、夕方のチェックインが外国のお客さんばっかりで",
        "英語は翻訳機頼みじゃし、結局若い子に回しよる",
        "まあ強いて言うたら情けないんかもしれんね。主任なのに若い子に助けてもらいよる",
        "はい",
        "寂しかったし、少し焦りました",
        "何が変わってほしいか…わからん",
        "まとめてくれてありがと。情けないいうのはちょっと違うわ。悔しいんよ、ほんまは",
    ]
    state, _ = talk(guide, "moyamoya", answers)
    summary = " ".join(guide.summarise(state, language="ja").noticed)
    # then the word taken back is gone, with the sentence that said so; the new word is there
    assert "情けない" not in summary and "悔しいんよ、ほんまは" in summary
    # and no wish is made of not knowing one, and the thanks is not something they told
    assert "こうなったらいいこと" not in summary and "わからん" not in summary
    assert "ありがと" not in summary
    # and what they told stays
    assert "主任なのに若い子に助けてもらいよる" in summary


def test_an_english_word_taken_back_and_the_question_echoed_leave_the_summary(guide, talk):
    answers = [
        "I did 11 interviews for the early retirement program",
        "My manager told me to just follow the script",
        "I feel a bit guilty that my own job is safe. Call it patience if you like",
        "yes",
        "What I would like instead... Maybe more time per interview",
        "Close, but I wouldn't call it patience. I just want them to leave with the facts",
    ]
    state, _ = talk(guide, "moyamoya", answers, language="en")
    summary = " ".join(guide.summarise(state, language="en").noticed)
    assert "patience" not in summary and "What I would like instead" not in summary
    assert "I just want them to leave with the facts" in summary and "Maybe more time per interview" in summary


def test_choosing_no_next_step_is_respected(guide):
    last = len(THEMES["moyamoya"].steps) - 1
    state = ConversationState(
        theme="moyamoya", turns=(Turn("partner", "…", step=last, move="ask"),), step=last
    )
    reply = guide.reply(state, "特にないです", language="ja")
    after = guide.record(state, "特にないです", reply, language="ja")
    assert "何もしない、というのも一つの選び方です" in reply
    assert guide.summarise(after, language="ja").next_steps == []


def test_a_listed_next_step_becomes_one_item_per_line(guide):
    last = len(THEMES["learning"].steps) - 1
    state = ConversationState(
        theme="learning", turns=(Turn("partner", "…", step=last, move="ask"),), step=last
    )
    message = "・英語の議事録を読む\n・会議の前に話すことを書いておく"
    after = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
    assert guide.summarise(after, language="ja").next_steps == [
        "英語の議事録を読む",
        "会議の前に話すことを書いておく",
    ]


def test_a_conversation_the_guide_did_not_lead_is_summarised_from_the_persons_words(guide):
    # given turns written with a model engine (no guided steps recorded)
    state = ConversationState(
        theme="free",
        turns=(
            Turn("partner", "こんにちは", move="reply"),
            Turn("person", "異動の打診があって迷っています"),
            Turn("partner", "どんなところで迷っていますか。", move="reply"),
            Turn("person", "今のチームが好きなんです"),
        ),
    )
    # when the guide takes over and summarises
    summary = guide.summarise(state, language="ja")
    # then it lists their words without claiming which question they answered
    assert len(summary.noticed) == 1
    assert summary.noticed[0].startswith("話の中に出てきた言葉：")
    assert "「異動の打診があって迷っています」" in summary.noticed[0]
    assert "「今のチームが好き」" in summary.noticed[0]
    assert summary.next_steps == []


def test_the_guide_can_continue_a_conversation_a_model_started(guide):
    # given a state from a model engine
    state = ConversationState(
        theme="learning", turns=(Turn("partner", "どんなことを学びたいですか。", move="reply"),), step=0
    )
    # when the guide takes over
    reply = guide.reply(state, "データ分析を学びたい", language="ja")
    after = guide.record(state, "データ分析を学びたい", reply, language="ja")
    # then it carries on with the theme's flow
    assert "「データ分析を学びたい」" in reply
    assert after.step == 1


def test_an_empty_message_is_met_with_patience(guide):
    state = guide.start("free", language="ja")
    reply = guide.reply(state, "   ", language="ja")
    assert reply.startswith("ゆっくりで大丈夫です。")
    assert guide.record(state, "   ", reply, language="ja").step == 0


def test_the_summary_check_cadence_follows_the_configuration():
    guide = GuideEngine(EngineConfig(summary_every=2))
    state = guide.start("moyamoya", language="ja")
    for message in ["一つ目の答えです", "二つ目の答えです"]:
        state = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
    assert state.turns[-1].move == "check"


# --- the interface ------------------------------------------------------------------------------------


def test_the_streamed_reply_the_async_reply_and_the_recorded_move_agree(guide):
    # given a state and a message
    state = guide.start("moyamoya", language="ja")
    message = "チームの雰囲気が重いです"
    # when the reply is streamed, streamed asynchronously and recorded
    chunks = list(guide.stream_reply(state, message, language="ja"))

    async def collect():
        return [c async for c in guide.astream_reply(state, message, language="ja")]

    async_chunks = asyncio.run(collect())
    after = guide.record(state, message, "".join(chunks), language="ja")
    # then all three tell the same story
    assert chunks == async_chunks
    assert len(chunks) > 1
    assert after.turns[-1].text == "".join(chunks)
    assert after.turns[-2] == Turn("person", message)
    assert after.step == 1


def test_a_language_the_product_does_not_speak_is_refused(guide):
    with pytest.raises(ValueError):
        guide.reply(guide.start("free", language="ja"), "hi", language="fr")  # type: ignore[arg-type]


# The reply-time goal (p99 < 50 ms) is shown by ``bench/coach_guide_bench.py``, which prints the
# figures; a timing assertion here failed whenever the machine was busy and proved nothing then.


# --- robustness -------------------------------------------------------------------------------------

_ATOMS = [
    "スキップ",
    "戻る",
    "わからない",
    "はい",
    "違います",
    "特にない",
    "辞めるべき？",
    "",
    "6",
    "悔しかった。でも本当は挑戦したい",
    "頑張りたいけど…",
    "評価面談の結果について\n来期やりたい仕事",
    "上司との1on1が短くて、話したいことが話せませんでした。",
    "skip",
    "I don't know",
    "🙂",
    "a" * 3000,
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    theme=st.sampled_from(list(THEMES)),
    language=st.sampled_from(["ja", "en"]),
    messages=st.lists(st.one_of(st.sampled_from(_ATOMS), st.text(max_size=40)), max_size=25),
)
def test_any_sequence_of_messages_gets_a_gentle_reply_and_a_summary(guide, theme, language, messages):
    # given any theme and any sequence of messages, commands and odd input
    state = guide.start(theme, language=language)
    for message in messages:
        # when each is answered and recorded
        reply = guide.reply(state, message, language=language)
        state = guide.record(state, message, reply, language=language)
        # then every reply has text, asks at most one question, and the step never goes negative
        assert reply.strip()
        assert questions_in(reply) <= 1
        assert state.step >= 0
    # and a summary can always be made, holding only text
    summary = guide.summarise(state, language=language)
    assert all(isinstance(line, str) and line for line in [*summary.noticed, *summary.next_steps])


# --- listening: whole phrases, non-answers, support mode, rotation -------------------------------


def _play(guide, theme, messages, language="ja"):
    return play(guide, theme, messages, language)


@pytest.mark.parametrize(
    ("message", "whole", "never"),
    [
        ("上司の言い方に腹が立つし、一回ちゃんと話したい。", "腹が立つ」", "「立つ」"),
        ("アドバイスより、まずは否定されずに聞いてほしいです。", "否定されずに聞いてほしい", "「否定」"),
        ("今月は死ぬほど忙しくて、頭の中がぐちゃぐちゃです。", "頭の中がぐちゃぐちゃ", "死"),
    ],
)
def test_a_reflection_quotes_a_whole_phrase_never_a_fragment(guide, message, whole, never):
    # given the first question of free talk  # when the person answers
    _, replies = _play(guide, "free", [message])
    # then the whole phrase comes back, never a fragment or a word out of an idiom
    assert whole in replies[0] and never not in replies[0]


def test_another_persons_feeling_is_not_reflected_as_the_persons_own(guide):
    _, replies = _play(guide, "free", ["隣の席の同僚が不安そうなんです。"])
    assert "気持ち" not in replies[0] and "感じている" not in replies[0]


def test_a_question_to_the_guide_is_answered_honestly_and_the_step_is_asked_again(guide):
    # given the first question of 棚卸し
    state, replies = _play(guide, "stocktaking", ["パートだと社内公募には応募できないんですか？"])
    # then it says it cannot answer, where to ask, asks the same question again, and keeps nothing
    assert "わたしには答えられません" in replies[0] and "人事" in replies[0]
    assert state.step == 0 and answers_of(state) == []


def test_a_decision_question_inside_a_message_is_not_stored_as_an_answer(guide):
    state, replies = _play(guide, "career", ["行きたくない部署なんです。転職すべきですか？"])
    assert "決めるのは、あなた自身です" in replies[0]
    assert answers_of(state) == [] and state.step == 0


@pytest.mark.parametrize("message", ["さっきの質問に戻ってもいいですか", "人の件はスキップで"])
def test_skip_and_back_written_inside_a_sentence_are_understood(guide, message):
    state, _ = _play(guide, "moyamoya", ["上司との関係でモヤモヤしています", message])
    assert state.turns[-1].move in ("back", "skip")
    assert all(a.text != message for a in answers_of(state))


@pytest.mark.parametrize("message", ["特にない", "別に。", "ないです"])
def test_nothing_at_a_content_step_gets_permission_and_examples(guide, message):
    state, replies = _play(guide, "moyamoya", [message])
    assert state.turns[-1].move == "nothing" and "たとえば" in replies[0]
    assert answers_of(state) == []


def test_a_correction_replaces_the_line_it_corrects(guide):
    answers = ["評価面談のあとモヤモヤしています", "目標の達成度は60%と言われました", "怒られてもいいと思いました"]
    state, replies = _play(guide, "moyamoya", [*answers, "『怒られてもいい』とは言ってないです。怒られたくない、です。"])
    assert state.turns[-2].move == "check" or "まとめ" in replies[2]
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "怒られたくない" in noticed and "怒られてもいいと思いました" not in noticed


def test_after_a_crisis_the_guide_stays_with_the_person_and_keeps_their_plan(guide):
    # given a free talk where a crisis signal appears
    state, replies = _play(
        guide,
        "free",
        ["仕事のことで話したい", "正直、もう全部終わりにしたいって思う夜がある。", "でも電話するのが怖い。", "今夜、EAPに電話してみます。"],
    )
    moves = [t.move for t in state.turns if t.role == "partner"][1:]
    # then the crisis reply and everything after it stay in support mode: no summary check, no theme question
    assert moves[1:] == ["support", "support", "support_plan"]
    assert all("まとめてみます" not in r for r in replies[1:])
    # and the plan they stated is their next step in the end summary
    assert any("EAPに電話してみます" in s for s in guide.summarise(state, language="ja").next_steps)


def test_after_harassment_the_reply_acknowledges_and_does_not_judge(guide):
    state, replies = _play(guide, "moyamoya", ["上司との関係", "上司にみんなの前で机を叩かれて怒鳴られました。今月3回目です。"])
    assert state.turns[-1].move == "support"
    assert "ありがとうございます" in replies[1] and "あなたが決めてよいこと" in replies[1]
    assert "叩" not in replies[1].split("\n", 1)[1]


def test_the_guide_returns_to_the_theme_only_when_asked(guide):
    state, _ = _play(guide, "moyamoya", ["上司との関係", "上司にみんなの前で机を叩かれて怒鳴られました。", "少し落ち着きました"])
    assert state.turns[-1].move == "support"
    state, replies = _play(guide, "moyamoya", ["上司との関係", "上司にみんなの前で机を叩かれて怒鳴られました。", "続けます"])
    assert state.turns[-1].move == "resume"


def test_no_stock_sentence_repeats_within_five_replies(guide):
    messages = ["わからない", "スキップ", "わからない", "スキップ", "わからない", "スキップ", "特にない", "スキップ"]
    _, replies = _play(guide, "moyamoya", messages)
    questions = {s.question.ja for s in get_theme("moyamoya").steps} | {s.smaller.ja for s in get_theme("moyamoya").steps}
    for i in range(len(replies)):
        window = [{line for line in r.split("\n") if line not in questions and "問いにしてみますね" not in line} for r in replies[i : i + 5]]
        seen: dict[str, int] = {}
        for lines in window:
            for line in lines:
                seen[line] = seen.get(line, 0) + 1
        assert max(seen.values(), default=0) <= 1, seen


def test_english_reflections_are_clauses_not_keywords(guide):
    _, replies = _play(guide, "free", ["Last sprint review was rough, and I felt like nobody listened."], language="en")
    quoted = re.findall(r'"([^"]+)"', replies[0])
    assert quoted and all(len(q.split()) >= 3 for q in quoted)
    assert not any(q in ("Last", "sprint", "review") for q in quoted)


def test_a_summary_check_is_recorded_as_the_move_check_for_the_page(guide):
    state, _ = _play(guide, "moyamoya", ["上司との関係", "会議で意見が通らなかった", "軽く見られていると思った"])
    assert state.turns[-1].move == "check"
    state, _ = _play(guide, "moyamoya", ["上司との関係", "まとめてください"])
    assert state.turns[-1].move == "check" and answers_of(state)[-1].text == "上司との関係"


# --- listening: what is content, what is not (second review round) ----------------------------


def play(guide, theme: str, messages: list[str], language: str = "ja"):
    return play_on(guide, guide.start(theme, language=language), messages, language)


def play_on(guide, state, messages: list[str], language: str = "ja"):
    """Go on with ``state``: each message answered and recorded; the state and the replies."""
    replies = []
    for message in messages:
        reply = guide.reply(state, message, language=language)
        state = guide.record(state, message, reply, language=language)
        replies.append(reply)
    return state, replies


def test_an_apology_is_neither_quoted_nor_kept_as_content(guide):
    # given a person who apologises before answering
    state, replies = play(guide, "free", ["仕事に飽きてきて話したいです。", "あ、すみません。同じ運用を2年続けてて、新しいことがないんです。"])
    # then the reflection quotes their content, not 「すみません」, and the stored answer has no apology
    assert "すみません" not in replies[-1]
    assert all("すみません" not in a.text for a in answers_of(state))


def test_a_thank_you_is_not_quoted():
    from kabeuchi.coach.engines.guide import _content_part

    # given a thank-you sentence before an answer
    # then only the answer is content (never 「ございました」)
    assert _content_part("ありがとうございました。来週、上司に聞いてみます。") == "来週、上司に聞いてみます。"
    assert _content_part("はい、合ってます。") == ""


def test_words_the_guide_never_wrote_are_not_taken_as_a_correction(guide):
    # given an answer that contrasts two of the person's own phrasings
    state, replies = play(
        guide, "stocktaking", ["去年、勤怠システムの入れ替えを担当しました。", "FAQを作りました。", "問い合わせが減りました。"]
    )
    reply = guide.reply(state, "『効率化が得意』というより、『困っている人が自分で解決できるようにする』のが好きなんだと思います。", language="ja")
    # then no summary line is said to be replaced
    assert "置き換え" not in reply


def test_a_real_correction_after_a_summary_still_replaces_the_line(guide):
    # given a summary check
    state, replies = play(guide, "learning", ["AWSの資格を取りたいです。", "平日は30分〜1時間勉強しています。", "いま4くらいです。"])
    assert state.turns[-1].move == "check"
    # when the person corrects a line in the words it showed
    reply = guide.reply(state, "平日は30分じゃなくて、30分〜1時間です。", language="ja")
    # then the line is replaced
    assert "置き換え" in reply


def test_denying_words_the_guide_never_used_is_a_clarification_kept_beside_the_summary(guide):
    # given a conversation under way
    state, _ = play(guide, "career", ["もっと企画に関わりたいです。", "要望を整理するのは得意です。"])
    # when the person says they never said something the guide never wrote
    message = "『今の会社に不満がある』とまでは言ってないです。会社は好きです。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the guide says honestly it did not use those words, replaces nothing, and keeps the rest as a note
    assert "置き換え" not in reply and "使っていません" in reply
    notes = [a for a in answers_of(state) if a.kind == "note"]
    assert notes and notes[0].text == "会社は好きです。"


def test_a_yes_with_a_remark_after_a_summary_is_kept_as_a_note_not_as_the_next_answer(guide):
    # given a summary check
    state, _ = play(guide, "moyamoya", ["このままでいいのか迷っています。", "同期が異動しました。", "置いていかれる感じです。"])
    assert state.turns[-1].move == "check"
    # when the person agrees and adds a remark
    message = "だいたい合ってます。ただ、妻の話はそこまで重要じゃないです。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the remark is a note, and the held-back question is asked
    assert state.turns[-1].move == "check_note"
    assert [a.kind for a in answers_of(state) if "妻" in a.text] == ["note"]
    assert "合ってます" not in guide.summarise(state, language="ja").noticed[-1]


def test_own_tiredness_in_an_answer_gets_one_gentle_line_about_the_physician(guide):
    # given an answer that mentions the person's own exhaustion
    state, replies = play(guide, "one_on_one", ["残業のことです。", "一緒に考えてほしい。最近疲れが取れなくて。"])
    # then the reply suggests the industrial physician, and the flow goes on
    assert "産業医" in replies[-1]
    assert state.turns[-1].move in ("ask", "check", "deepen", "health_part")


def test_a_colleagues_tiredness_is_not_addressed_as_the_persons(guide):
    state, replies = play(guide, "one_on_one", ["チームの雰囲気のことです。", "同僚が疲れ切っていて、ため息が増えてます。"])
    assert "産業医" not in replies[-1]


def test_should_i_see_a_doctor_is_answered_not_handed_back(guide):
    state, replies = play(guide, "moyamoya", ["頭痛が続いていて、病院に行ったほうがいいですか？"])
    assert "自然で大切な一歩" in replies[-1]
    assert "決めるのは" not in replies[-1] and "あなた自身" not in replies[-1]
    _, en = play(guide, "moyamoya", ["My chest hurts sometimes. Should I see a doctor?"], language="en")
    assert "seeing a doctor is a reasonable" in en[-1] and "yours to decide" not in en[-1]


def test_a_plan_said_in_support_mode_is_kept_even_when_it_mentions_health(guide):
    # given support mode after a harassment signal
    state, _ = play(guide, "one_on_one", ["部長に会議でみんなの前で1時間怒鳴られて、パワハラだと思います。"])
    assert state.turns[-1].move.startswith("support")
    # when the person states plans, one of them about the physician
    state, _ = _continue(guide, state, ["最初は『残業の相談です』とだけ言おうと思います。部長の件は、まだ言えません。", "産業医面談を、明日予約してみます。"])
    # then both are kept: the first as a next step, trimmed after its plan sentence; the one about
    # the physician in the line just for them, since the 1on1's next steps go into an agenda the
    # manager may read (P44)
    summary = guide.summarise(state, language="ja")
    steps = summary.next_steps
    assert any(s.startswith("最初は『残業の相談です』とだけ言おうと思います") and "部長" not in s for s in steps)
    assert not any("産業医" in s for s in steps)
    assert any(line.startswith("自分のためのメモ") and "産業医面談を、明日予約してみます" in line for line in summary.noticed)


def _continue(guide, state, messages, language="ja"):
    replies = []
    for message in messages:
        reply = guide.reply(state, message, language=language)
        state = guide.record(state, message, reply, language=language)
        replies.append(reply)
    return state, replies


def test_a_question_about_a_word_is_answered_in_one_plain_line(guide):
    state, replies = play(guide, "career", ["EAPって何ですか？"])
    assert "従業員支援プログラム" in replies[-1] and "答えられません" not in replies[-1]
    assert "やってみたい" in replies[-1]  # then the same question again
    _, en = play(guide, "career", ["What is a career anchor?"], language="en")
    assert "Schein" in en[-1] and "cannot answer" not in en[-1]


def test_a_tentative_one_word_answer_with_a_question_mark_is_an_answer(guide):
    state, replies = play(guide, "learning", ["英語を話せるようになりたい。", "会議で発言できている。", "3くらい。", "アプリです。", "YouTube?"])
    assert "答えられません" not in replies[-1]
    assert any(a.text == "YouTube?" for a in answers_of(state))


def test_can_my_company_see_this_gets_the_honest_answer(guide):
    _, en = play(guide, "free", ["Can my company see what I write here?"], language="en")
    assert "Nobody at your company" in en[-1]
    _, ja = play(guide, "free", ["会社は私の書いたことを確認できますか？"])
    assert "会社の誰も読めません" in ja[-1]


def test_a_question_or_possibility_ending_stays_on_the_reflected_phrase(guide):
    _, replies = play(guide, "moyamoya", ["今の担当を後輩に移せないかなと思っています。"])
    assert "「今の担当を後輩に移せないかな」" in replies[-1]
    assert "移せない」" not in replies[-1]


def test_an_answer_that_already_tells_the_result_is_not_asked_for_it_again(guide):
    # given the stocktaking flow at "what did you do"
    state, _ = play(guide, "stocktaking", ["去年、勤怠システムの入れ替えを担当しました。"])
    # when the person tells what they did and what came of it
    message = "問い合わせを全部記録して、FAQにまとめて載せました。3か月後には問い合わせが1日5件くらいに減りました。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the result question is not asked; each part sits under its own step
    assert "その結果、どうなりましたか" not in reply
    by_step = {a.step: a.text for a in answers_of(state)}
    assert by_step[1].startswith("問い合わせを全部記録して") and by_step[2].startswith("3か月後には")


def test_a_worry_said_with_mayotte_imasu_is_content_not_dont_know(guide):
    state, replies = play(guide, "moyamoya", ["このままでいいのか迷っています。"])
    assert "わからない、というのも" not in replies[-1]
    assert answers_of(state)[0].text == "このままでいいのか迷っています。"


def test_an_english_correction_after_a_summary_is_recognised(guide):
    state, _ = play(
        guide,
        "learning",
        ["I want to pass the data exam by March.", "I can study 5 hours a week.", "My budget is under $1,500 a year."],
        language="en",
    )
    assert state.turns[-1].move == "check"
    reply = guide.reply(state, "It's under $1,500 a year, not per course.", language="en")
    assert "replaced the line" in reply


def test_an_english_message_starting_with_actually_is_not_a_cue_for_a_second_look(guide):
    _, replies = play(guide, "moyamoya", ["Actually, the new schedule has been stressful for me."], language="en")
    assert 'After "Actually"' not in replies[-1]


def test_a_plain_yes_after_a_decision_question_is_not_called_a_clue(guide):
    state, replies = play(guide, "one_on_one", ["育休の話です。", "まずは受け止めてほしい。", "人員の手当てをお願いしたい。", "評価に響くなら短くした方がいいですかね？", "はい、それでいいです。"])
    assert "手がかり" not in replies[-1]


def test_a_longer_request_to_summarise_produces_the_summary_and_mattomeru_in_an_answer_does_not(guide):
    state, replies = play(guide, "moyamoya", ["上司との関係です。", "ここまでの話を、一度まとめてもらえますか？"])
    assert state.turns[-1].move == "check" and "・話してくれたこと：「上司との関係です」" in replies[-1]
    state, replies = play(guide, "moyamoya", ["上司との関係です。", "まとめると、上司に認めてほしいんだと思います。"])
    assert state.turns[-1].move != "check" or "上司に認めてほしい" in replies[-1]
    assert any("認めてほしい" in a.text for a in answers_of(state))


def test_a_summary_line_leaves_out_a_question_put_to_the_guide():
    from kabeuchi.coach.engines.guide import quote

    assert quote("土日だけなら続けられそうです。これって普通ですか？", "ja") == "「土日だけなら続けられそうです」"


def test_how_do_i_start_is_helped_with_the_question_not_sent_to_hr(guide):
    state, replies = play(guide, "one_on_one", ["シフトの件", "意見がほしい", "人を増やしてほしい", "わからない。何から言えばいい？"])
    assert "答えられません" not in replies[-1] and "人事" not in replies[-1]
    assert "たとえば" in replies[-1] or "小さな問い" in replies[-1]


def test_yes_to_a_second_look_moves_on_instead_of_asking_the_answered_question_again(guide):
    state, replies = play(guide, "moyamoya", ["取り残されてる感じです。", "担当が別の人に移っていました。", "悔しいし、焦るし、でも子どもといる時間は大事にしたいです。"])
    assert state.turns[-1].move == "deepen"
    asked_before = state.step
    reply = guide.reply(state, "はい、その通りです。", language="ja")
    state = guide.record(state, "はい、その通りです。", reply, language="ja")
    assert state.step == asked_before + 1
    assert "どう受け止めましたか" not in reply


def test_an_answer_with_a_health_worry_is_kept_and_the_question_not_asked_again(guide):
    state, _ = play(guide, "moyamoya", ["介護のことです。", "母が骨折しました。"])
    message = "申し訳なさ、ですかね。会社にも家族にも。あと、最近は頭痛が毎日続いてて、薬が手放せない。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the health line is there, the answer before it is kept, and the flow moved on
    assert "産業医" in reply and "「申し訳なさ」" in reply and "「申し訳」" not in reply
    assert [a.text for a in answers_of(state) if a.step == 2] == ["申し訳なさ、ですかね。会社にも家族にも。"]
    assert "頭痛" not in " ".join(guide.summarise(state, language="ja").noticed)


def test_a_managers_question_about_a_members_mental_health_points_to_the_physician(guide):
    _, replies = play(guide, "learning", ["部下のメンタルの問題って、上司がどこまで踏み込んでいいんでしょうか。"])
    assert "産業医" in replies[-1]


def test_words_someone_else_said_to_the_person_are_not_reflected_as_theirs(guide):
    _, replies = play(guide, "moyamoya", ["妻に話したら『行きたいの？』って聞かれて、即答できなかったんです。それで、俺って何したいんだっけ、みたいな。"])
    assert "「行きたい」" not in replies[-1]
    assert "「俺って何したいんだっけ」" in replies[-1]  # a question ending stays on the phrase


def test_though_at_the_end_of_an_english_sentence_is_not_words_stopping(guide):
    _, replies = play(guide, "stocktaking", ["I ran the backlog project.", "People thank me for staying calm. I don't always feel calm though."], language="en")
    assert "stop at" not in replies[-1]


def test_a_first_message_with_a_decision_question_answers_the_opening_question(guide):
    # given a first message that tells the worry and asks what to do
    state, replies = play(guide, "moyamoya", ["異動の内示が出たんですけど、行きたくない部署なんです。どうしたらいいですか？"])
    # then the decision is handed back, and the worry is kept as the answer to the opening question
    assert "決める" in replies[-1]
    assert [a.text for a in answers_of(state) if a.step == 0] == ["異動の内示が出たんですけど、行きたくない部署なんです。"]
    # and after they think about the choice, the flow goes on to the next question, not the opening one
    state, replies = _continue(guide, state, ["来月から物流管理に異動と言われました。"])
    assert "モヤモヤしていますか" not in replies[-1] and "実際に起きたこと" in replies[-1]


def test_a_correction_line_holds_what_they_meant_without_the_request_or_a_leading_filler():
    from kabeuchi.coach.engines.guide import _correction_text

    assert _correction_text("あ、不安なのは主に同僚で、私は『ちょっと』くらいです。そこは分けてください。") == "不安なのは主に同僚で、私は『ちょっと』くらいです"
    assert _correction_text("『悔しい』とは言ってないです。どちらかというと『焦ってる』が近い。") == "どちらかというと『焦ってる』が近い"


def test_adding_a_topic_after_going_back_adds_it_instead_of_replacing_the_list(guide):
    state, replies = play(
        guide,
        "one_on_one",
        ["How to ramp back up, and which projects I keep.", "Back", "Actually, add a third one: I want to stop being on call for now."],
        language="en",
    )
    assert "How to ramp back up" in replies[-1] and "add a third one" in replies[-1]


def test_an_english_answer_of_two_short_sentences_is_quoted_whole_in_the_summary():
    from kabeuchi.coach.engines.guide import quote

    text = "For workload, advice. For feedback, I'd like them to just listen first."
    assert quote(text, "en") == '"' + text.rstrip(".") + '"'


def test_a_request_to_summarise_in_support_mode_shows_the_summary_without_a_check(guide):
    state, _ = play(guide, "moyamoya", ["上司との関係です。", "部長に会議でみんなの前で1時間怒鳴られて、パワハラだと思います。", "まとめてもらえますか"])
    reply = state.turns[-1].text
    assert state.turns[-1].move == "support"
    assert "・話してくれたこと" in reply and "しっくり" not in reply and "合っていますか" not in reply


def test_matomeru_to_donna_kanji_asks_for_the_summary(guide):
    state, _ = play(guide, "free", ["なんとなく話したいです。", "まとめるとどんな感じですか？"])
    assert state.turns[-1].move == "check"


def test_will_the_company_find_out_right_after_mentioning_the_eap_covers_the_eap_too(guide):
    state, _ = play(guide, "free", ["もう全部終わりにしたいって思う夜がある。", "会社にEAPっていうのがあるのは知ってる。でも電話するのが怖い。"])
    reply = guide.reply(state, "どこまで話せばいいの？会社にバレない？", language="ja")
    assert "EAP" in reply and "確認できます" in reply


def test_a_yone_or_desho_ending_stays_on_the_reflected_phrase(guide):
    _, replies = play(guide, "moyamoya", ["上司との関係です。", "それって普通は無理でしょ。"])
    assert "「それって普通は無理でしょ」" in replies[-1]


# --- fault classes from the blind review of 2026-11-26 (fresh sentences, not the reviewed ones) ---


@pytest.mark.parametrize(
    "message, language",
    [
        ("ちょっと話それるんですけど、いいですか。", "ja"),
        ("さっきの話に戻してもいいですか", "ja"),
        ("Can I go back to what I said about my team?", "en"),
    ],
)
def test_asking_leave_to_talk_is_not_a_question_the_guide_cannot_answer(guide, talk, message, language):
    # given a conversation under way
    first = "上司との面談が毎回うまくいかないんです。" if language == "ja" else "My reviews with my manager keep going badly."
    state, _ = talk(guide, "moyamoya", [first], language=language)
    # when the person asks leave to talk or to go back
    reply = guide.reply(state, message, language=language)
    # then the guide says yes and asks again, without the stock refusal or pointing to HR
    assert "答えられません" not in reply and "お答えできません" not in reply and "not something I can answer" not in reply
    assert "人事" not in reply and "HR" not in reply
    assert questions_in(reply) == 1


def test_leave_to_talk_with_content_after_it_takes_the_content_as_the_answer(guide, talk):
    # given the opening question
    state, _ = talk(guide, "free", [], language="ja")
    # when the person asks leave and then says what is on their mind
    message = "家族のことなんですけど、いいですか。母の介護で最近ずっと早退が続いていて、申し訳なくて。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the content is reflected and kept as the answer, the permission sentence is not
    assert "答えられません" not in reply
    kept = [a.text for a in answers_of(state)]
    assert kept and all("いいですか" not in t for t in kept)
    assert any("介護" in t for t in kept)


def test_in_support_mode_asking_to_continue_returns_to_the_questions(guide, talk):
    # given support mode after a harassment disclosure
    state, replies = talk(guide, "moyamoya", ["部長に毎日みんなの前で怒鳴られています。"], language="ja")
    assert state.turns[-1].move == "support", replies
    # when the person asks whether they may continue the theme
    reply = guide.reply(state, "相談先はあとで考えます。話を続けてもいいですか。", language="ja")
    # then the guide returns to the question, no refusal
    assert "答えられません" not in reply and "お答えできません" not in reply
    assert "戻" in reply and questions_in(reply) == 1


def test_ending_with_thanks_in_the_same_sentence_ends(guide, talk):
    state, _ = talk(guide, "moyamoya", ["評価面談のあと、ずっと落ち込んでいます。"], language="ja")
    reply = guide.reply(state, "今日はこれで終わりにします、ありがとうございました", language="ja")
    state = guide.record(state, "今日はこれで終わりにします、ありがとうございました", reply, language="ja")
    assert state.turns[-1].move == "end"
    assert "ございました」" not in reply


@pytest.mark.parametrize(
    "message, hedge, point",
    [
        ("大したことじゃないんですけど、最近ずっと会議で発言できなくて悔しいです。", "大したこと", "悔しい"),
        ("どこから話せばいいのか分からないんですが、異動してから毎日がしんどいです。", "どこから", "しんどい"),
    ],
)
def test_a_hedge_is_never_the_reflected_phrase(guide, message, hedge, point):
    state = guide.start("moyamoya", language="ja")
    reply = guide.reply(state, message, language="ja")
    quoted = " ".join(re.findall(r"「([^」]+)」", reply))
    assert hedge not in quoted, reply
    assert point in quoted, reply


def test_a_trailing_toiuka_is_left_off_the_quote(guide):
    state = guide.start("moyamoya", language="ja")
    reply = guide.reply(state, "最近、仕事にやりがいを感じられないというか。", language="ja")
    assert "というか」" not in reply and "という」" not in reply, reply
    assert "やりがいを感じられない" in reply


def test_a_short_english_feeling_sentence_is_quoted_whole_not_as_one_word(guide, talk):
    state, _ = talk(guide, "moyamoya", ["My project was cancelled last week.", "The director announced it in an all-hands."], language="en")
    reply = guide.reply(state, "Sad, honestly. And a bit lost. It happens, but still.", language="en")
    quoted = re.findall(r'"([^"]+)"', reply.splitlines()[0])
    assert quoted and all(len(q.split()) > 1 for q in quoted), reply
    assert any("Sad" in q for q in quoted) or any("lost" in q for q in quoted), reply


def test_the_persons_own_feeling_is_reflected_rather_than_what_follows_but(guide, talk):
    # given the interpretation step
    state, _ = talk(guide, "moyamoya", ["後輩の教育係を外されました。", "先週、課長から別の人に替えると言われました。"], language="ja")
    # when the person names their feeling, then adds an aside after けど
    reply = guide.reply(state, "ちょっと寂しかったです。まあ、後輩にもいい機会なんでしょうけど、仕方ないです。", language="ja")
    # then the feeling is what comes back, not a second look at what came after けど
    assert "寂しかった" in reply, reply
    assert "のあとの" not in reply, reply


def test_a_long_answer_is_summed_up_by_its_feeling_clause_not_its_opening(guide, talk):
    long_answer = (
        "前の部署では、月曜の朝にみんなで週の予定を話す時間がありました。"
        "今はそれがなくなって、誰が何をしているのかも分からず、なんだか取り残されたようで寂しいです。"
    )
    state, _ = talk(guide, "moyamoya", ["異動してから気持ちが落ち着きません。", "新しい部署は皆チャットだけで連絡します。", long_answer], language="ja")
    summary = guide.summarise(state, language="ja")
    text = "\n".join(summary.noticed)
    assert "寂しい" in text, text


def test_i_dont_know_gets_one_prompt_not_examples_and_a_smaller_question_stacked(guide, talk):
    state, replies = talk(guide, "moyamoya", ["最近、会議に出るのが憂鬱です。", "わからないです。"], language="ja")
    assert state.turns[-1].move == "smaller"
    reply = replies[-1]
    assert not ("たとえば" in reply and "小さな問い" in reply), reply
    assert questions_in(reply) == 1


def test_nothing_gets_examples_as_options_without_a_second_question(guide, talk):
    state, replies = talk(guide, "moyamoya", ["最近、会議に出るのが憂鬱です。", "特にないです。"], language="ja")
    assert state.turns[-1].move == "nothing"
    assert "たとえば" in replies[-1] and "小さな問い" not in replies[-1], replies[-1]


def test_a_story_with_a_compound_naoshite_is_an_answer_not_a_correction(guide, talk):
    # 作り直して / 見直して in a story are not a request to fix a line
    state, replies = talk(
        guide,
        "moyamoya",
        ["仕事にやる気が出ません。", "先週、新人が私の作った手順書を黙って書き換えて、全部作り直していました。"],
        language="ja",
    )
    assert state.turns[-1].move != "corrected", replies[-1]
    assert "置き換えて" not in replies[-1]


def test_a_tentative_step_offered_early_is_kept_as_the_next_step(guide, talk):
    state, replies = talk(
        guide,
        "moyamoya",
        ["チームで自分だけ浮いている気がします。", "来週の勉強会で、隣の席の人にちょっと声をかけてみるくらいなら。"],
        language="ja",
    )
    summary = guide.summarise(state, language="ja")
    assert any("声をかけてみる" in s for s in summary.next_steps), (summary, replies)


def test_a_confirmation_in_support_mode_is_not_kept_as_a_note(guide, talk):
    state, _ = talk(guide, "moyamoya", ["先輩に毎日みんなの前で怒鳴られています。", "まとめてもらえますか", "合ってます"], language="ja")
    summary = guide.summarise(state, language="ja")
    assert not any("合ってます" in line for line in summary.noticed), summary


def test_weather_small_talk_is_not_filed_as_an_answer(guide, talk):
    state, _ = talk(guide, "moyamoya", ["最近、残業が続いて余裕がありません。", "昨日の台風で電車止まって大変でしたよね。"], language="ja")
    assert all("台風" not in a.text for a in answers_of(state))


def test_a_longer_yes_it_fits_after_a_summary_is_a_confirmation_not_an_answer(guide, talk):
    state, replies = talk(guide, "moyamoya", ["評価面談がモヤモヤします。", "面談で課長に「もっと主体的に」と言われました。", "期待されていないのかなと思いました。"], language="ja")
    assert state.turns[-1].move == "check", replies[-1]
    message = "はい、「期待されていない」というところがしっくりきます。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert all("しっくりきます" not in a.text for a in answers_of(state)), answers_of(state)


def test_a_bare_yes_to_a_reflection_is_not_met_with_the_same_question_word_for_word(guide, talk):
    state, replies = talk(guide, "moyamoya", ["異動の話が急に出て戸惑っています。", "部長から来月から別の課だと言われました。"], language="ja")
    asked = replies[-1].splitlines()[-1]
    reply = guide.reply(state, "はい。", language="ja")
    assert asked not in reply, reply
    assert questions_in(reply) == 1


def test_a_situation_without_an_episode_asks_for_one_before_asking_what_they_did(guide, talk):
    state, replies = talk(guide, "stocktaking", ["強みと言われても、正直ピンとこないんですよね。"], language="ja")
    assert "実際にどんなことをしましたか" not in replies[-1], replies[-1]
    assert state.turns[-1].move == "episode" and questions_in(replies[-1]) == 1
    assert not answers_of(state)


def test_a_whole_episode_in_one_message_is_credited_step_by_step_and_not_asked_again(guide, talk):
    episode = (
        "入社3年目のとき、問い合わせ対応がいつも遅れていて、よくある質問をまとめたFAQを作りました。"
        "問い合わせが半分くらいに減りました。"
    )
    state, replies = talk(guide, "stocktaking", [episode], language="ja")
    assert "実際にどんなことをしましたか" not in replies[-1] and "どうなりましたか" not in replies[-1], replies[-1]
    per_step = {a.step: a.text for a in answers_of(state)}
    assert "FAQを作りました" in per_step[1] and "減りました" in per_step[2], per_step


def test_going_back_with_the_new_answer_in_the_same_message_replaces_that_line(guide, talk):
    state, replies = talk(
        guide,
        "stocktaking",
        ["去年、新人研修の資料を作り直しました。", "全部の章を図にしました。", "新人から分かりやすいと言われました。"],
        language="en" if False else "ja",
    )
    message = "一つ前に戻ってもいいですか。結果は、研修の満足度も上がりました。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert "答えられません" not in reply
    texts = [a.text for a in answers_of(state)]
    assert any("満足度も上がりました" in t for t in texts), texts
    assert all("戻って" not in t for t in texts), texts


@pytest.mark.parametrize(
    "message, language, expected",
    [
        ("次の1on1で相談したいです。話したいのは、①異動の希望、②評価面談の結果、③在宅勤務の日数。", "ja", ["①異動の希望", "②評価面談の結果", "③在宅勤務の日数"]),
        ("上司との1on1の準備です。テーマは、新しい顧客の担当と、後輩の育成のことです。", "ja", ["新しい顧客の担当", "後輩の育成のこと"]),
        ("Two things: the hiring freeze, and whether my project gets another engineer.", "en", ["the hiring freeze", "whether my project gets another engineer"]),
    ],
)
def test_topics_written_in_one_sentence_are_listed_back_one_by_one(guide, message, language, expected):
    state = guide.start("one_on_one", language=language)
    reply = guide.reply(state, message, language=language)
    bullet = "・" if language == "ja" else "- "
    listed = [line[len(bullet) :] for line in reply.splitlines() if line.startswith(bullet)]
    assert listed == expected, reply


@pytest.mark.parametrize(
    "message, language, feeling",
    [
        ("わからないです。ただ、最近は何をしても虚しい気がします。", "ja", "虚しい"),
        ("I don't know. Mostly I feel invisible in that team.", "en", "invisible"),
    ],
)
def test_a_feeling_written_beside_i_dont_know_is_heard(guide, talk, message, language, feeling):
    first = "上司との関係がぎくしゃくしています。" if language == "ja" else "Things with my manager feel strained."
    state, replies = talk(guide, "moyamoya", [first, message], language=language)
    assert feeling in replies[-1], replies[-1]
    assert questions_in(replies[-1]) <= 1


def test_a_step_already_answered_early_is_not_asked_again(guide, talk):
    # given a next step stated early, in the middle of the flow
    theme = get_theme("moyamoya")
    step_question = next(theme.question_at(i, "ja") for i, st in enumerate(theme.steps) if st.collects == "next_step")
    messages = [
        "評価面談のあと、ずっと落ち込んでいます。",
        "課長に「もっと主体的に」と言われました。",
        "明日、課長に具体的な例を聞いてみます。",
        "期待されていないのかなと受け止めました。",
        "はい",
        "悔しかったです。",
        "もっと任せてもらえたらいいなと思います。",
        "5くらいです。",
        "同期に話せた日は少しましでした。",
    ]
    state, replies = talk(guide, "moyamoya", messages, language="ja")
    # then the small-step question is never asked after the step was kept
    assert all(step_question not in r for r in replies[3:]), replies
    assert any("明日、課長に具体的な例を聞いてみます" in s for s in guide.summarise(state, language="ja").next_steps)


def test_a_state_in_the_present_is_not_taken_for_a_next_step(guide, talk):
    # 「毎日…してます」 is how things are, not a step the person will take
    state, replies = talk(guide, "moyamoya", ["部署が変わってから、毎日イライラしてます。"], language="ja")
    assert state.turns[-1].move != "plan", replies[-1]
    assert not guide.summarise(state, language="ja").next_steps


@pytest.mark.parametrize(
    "messages, feeling, language",
    [
        (["後輩の教育係を外されました。", "先週、課長から別の人に替えると言われました。", "悔しかったです。あと、少しさみしい。"], "悔しかった", "ja"),
        (["I was left off the launch email.", "My name was not in the credits list.", "Hurt, honestly. And a bit embarrassed."], "Hurt", "en"),
    ],
)
def test_a_feeling_given_where_a_reading_was_asked_is_filed_as_a_feeling(guide, talk, messages, feeling, language):
    state, replies = talk(guide, "moyamoya", messages, language=language)
    theme = get_theme("moyamoya")
    by_step = {theme.steps[a.step].collects: a.text for a in answers_of(state) if a.step < len(theme.steps)}
    assert feeling in by_step.get("feelings", ""), by_step
    assert "interpretation" not in by_step, by_step
    assert questions_in(replies[-1]) == 1


def test_a_wish_given_where_feelings_were_asked_is_filed_as_a_wish(guide, talk):
    messages = ["残業が減りません。", "今月は毎晩22時まで会社にいました。", "上司は気づいていないんだと思いました。", "はい"]
    state, replies = talk(guide, "moyamoya", messages, language="ja")
    message = "せめて週に1日は定時で帰れたらって思います。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    theme = get_theme("moyamoya")
    by_step = {theme.steps[a.step].collects: a.text for a in answers_of(state) if a.step < len(theme.steps)}
    assert "定時で帰れたら" in by_step.get("wishes", ""), (by_step, replies, reply)
    assert "feelings" not in by_step
    assert "という思い" not in reply


def test_a_colleagues_exhaustion_is_not_taken_as_the_persons_own_health_cue(guide, talk):
    state, _ = talk(guide, "moyamoya", ["My team is stretched thin."], language="en")
    reply = guide.reply(state, "My report told me she's exhausted and barely holding on.", language="en")
    assert "physician" not in reply and "doctor" not in reply, reply


def test_not_sleeping_well_is_an_own_health_cue_in_english(guide, talk):
    state, _ = talk(guide, "moyamoya", ["My team is stretched thin."], language="en")
    reply = guide.reply(state, "I'm not sleeping well, up at 3am going over the plan.", language="en")
    assert "physician" in reply or "doctor" in reply, reply


def test_an_answer_with_one_part_not_known_yet_is_still_an_answer(guide, talk):
    state, _ = talk(guide, "one_on_one", ["・評価のこと\n・来期の担当\n・在宅勤務"], language="ja")
    message = "評価のことは一緒に考えてほしいです。来期の担当はまず話を聞いてほしいです。在宅勤務はわからない。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert state.turns[-1].move not in ("smaller", "nothing"), reply
    assert any("一緒に考えてほしい" in a.text for a in answers_of(state))


def test_an_opening_line_offered_early_is_kept_as_the_step_not_asked_again(guide, talk):
    messages = ["・異動の希望\n・評価", "一緒に考えてほしいです。", "異動の時期の見通しを知りたいです。"]
    state, replies = talk(guide, "one_on_one", messages, language="ja")
    message = "「最初に、異動の希望を10分だけ聞いてください」から始めます。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert "どんな一言から始めますか" not in reply, reply
    assert any("異動の希望を10分だけ" in s for s in guide.summarise(state, language="ja").next_steps)


def test_asking_the_guide_to_decide_as_a_wish_gets_the_decision_is_yours(guide, talk):
    state, _ = talk(guide, "career", [], language="ja")
    reply = guide.reply(state, "副業を始めるか本業に集中するかで迷っています。もう誰か決めてほしいです。", language="ja")
    assert "決めるのは、あなた" in reply or "あなた自身" in reply, reply


def test_a_weekday_makes_a_plan_but_a_weekday_habit_does_not(guide, talk):
    state, replies = talk(guide, "moyamoya", ["仕事が回りません。", "来月の繁忙期が不安です。", "妻と金曜に30分だけ話します。"], language="ja")
    assert state.turns[-1].move == "plan", replies[-1]
    state, replies = talk(guide, "moyamoya", ["仕事が回りません。", "来月の繁忙期が不安です。", "日曜の夜になると胃が重くなります。"], language="ja")
    assert state.turns[-1].move != "plan", replies[-1]


def test_a_nod_without_content_is_not_kept_as_the_answer(guide, talk):
    state, _ = talk(guide, "stocktaking", ["去年、チームの引き継ぎ資料を全部作り直しました。", "手順を一枚にまとめました。", "新人が一人で回せるようになりました。"], language="ja")
    message = "はい、そう言われると少し思い出してきました。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert all("思い出してきました" not in a.text for a in answers_of(state))
    assert questions_in(reply) == 1


def test_a_step_stated_early_keeps_the_open_question_instead_of_inviting_the_end(guide, talk):
    state, replies = talk(guide, "moyamoya", ["チームで浮いている気がします。", "来週、隣の席の人をランチに誘ってみます。"], language="ja")
    assert "終わりにしても" not in replies[-1], replies[-1]
    assert questions_in(replies[-1]) == 1


def test_an_opening_line_said_as_tte_saisho_ni_iimasu_is_kept_under_the_themes_own_label(guide, talk):
    state, replies = talk(guide, "one_on_one", ["・評価\n・異動", "評価は一緒に考えてほしいです。"], language="ja")
    message = "「評価の話を先にさせてください」って最初に言います。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    label = next(st.label.get("ja") for st in get_theme("one_on_one").steps if st.collects == "next_step")
    assert f"「{label}」" in reply, reply
    assert any("評価の話を先に" in s for s in guide.summarise(state, language="ja").next_steps)


def test_a_crisis_only_the_classifier_read_stops_the_flow_with_a_check_in(guide, talk):
    # given a message the rules do not read as crisis but the classifier does (COACHING.md: a
    # crisis stops the flow; a blind coach graded carrying on with the theme as harmful)
    message = "全部終わりにできたら楽なのにって考えてしまう。"
    signals = detect(message)
    assert {s.kind for s in signals} == {"crisis"} and not firm_kinds(signals)
    state, _ = talk(guide, "moyamoya", ["仕事のことでモヤモヤしています。"], language="ja")
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    # then the theme's question is not asked, people come first, and the message is no answer
    assert state.turns[-1].move == "support"
    assert "人と話すことが大切" in reply and "続ける" in reply
    assert all(message not in a.text for a in answers_of(state))
    # and 「続ける」 goes back to the questions
    reply = guide.reply(state, "続ける", language="ja")
    state = guide.record(state, "続ける", reply, language="ja")
    assert state.turns[-1].move == "resume"


def test_a_request_the_guide_recognises_is_answered_even_when_the_classifier_reads_crisis(guide, talk):
    state, _ = talk(guide, "career", [], language="ja")
    message = "もう決めてほしい"
    assert "crisis" in {s.kind for s in detect(message)}  # the classifier's reading (a false alarm)
    reply = guide.reply(state, message, language="ja")
    assert "決めるのは" in reply or "あなた自身" in reply


@pytest.mark.parametrize("message", ["わかった。今日はもういい", "以上です", "今日はありがとう", "ほな、また"])
def test_everyday_ways_of_closing_end_the_talk(guide, talk, message):
    state, _ = talk(guide, "moyamoya", ["仕事のことでモヤモヤしています。"], language="ja")
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert state.turns[-1].move == "end", reply
    assert all(message not in a.text for a in answers_of(state))


def test_in_support_mode_a_classifier_health_reading_brings_no_body_template(guide, talk):
    state, _ = talk(guide, "moyamoya", ["仕事のことで", "最近ほんとに死にたいって思う"], language="ja")
    assert state.turns[-1].move == "support"
    message = "誰にも言えてない"
    assert {s.kind for s in detect(message)} <= {"health", "crisis"} and not firm_kinds(detect(message))
    reply = guide.reply(state, message, language="ja")
    assert "体のこと" not in reply and "産業医" not in reply, reply


@pytest.mark.parametrize(
    ("text", "language", "wanted"),
    [
        ("This deadline is killing me lol", "en", '"This deadline"'),
        ("死ぬほど忙しい", "ja", "「忙しい」"),
        ("The deadline moved again", "en", '"The deadline moved again"'),  # "deadline" holds no danger word
    ],
)
def test_a_figure_of_speech_is_never_quoted_but_what_it_is_about_is(text, language, wanted):
    from kabeuchi.coach.engines.guide import quote

    assert quote(text, language) == wanted


@pytest.mark.parametrize(("text", "language"), [("I want to die lol", "en"), ("消えたい", "ja")])
def test_a_wish_to_die_is_never_quoted_even_in_part(text, language):
    from kabeuchi.coach.engines.guide import quote

    quoted = quote(text, language)
    assert "want to" not in quoted and "消え" not in quoted


def test_a_summary_never_shows_an_empty_placeholder_line(guide, talk):
    # F22 of the blind review: "What is on my mind: (what you wrote)"
    state, replies = talk(guide, "moyamoya", ["I want to die lol", "continue", "Three projects, one of me", "Just annoyed", "sum it up"], language="en")
    assert "(what you wrote)" not in "\n".join(replies)
    assert "(what you wrote)" not in "\n".join(guide.summarise(state, language="en").noticed)


def test_mistreatment_read_only_by_the_classifier_while_preparing_a_1on1_is_heard_not_filed(guide):
    # given a 1on1 preparation where the person tells of mistreatment that no rule names (the
    # classifier reads it), after listing a topic
    told = "飲み会のたびに先輩の隣に座らされて、服のことを毎日あれこれ言われます。"
    assert {s.cue for s in detect(told)} == {"classifier"}
    state, replies = play(guide, "one_on_one", ["評価の基準について聞きたいです", told, "まとめてください"])
    # then it is heard and the desk is named, whether to raise it is left to them, the same
    # question comes again, and its cues are not probed
    assert state.turns[4].move == "held"
    assert "相談窓口" in replies[1] and "1on1で話すかどうかも、あなたが決めてかまいません" in replies[1]
    assert "隣に座らされて" not in replies[1]
    # and it is never shown under a heading of the preparation, nor in the end summary's lines
    assert "隣に座らされて" not in replies[2]
    summary = guide.summarise(state, language="ja")
    assert not any("隣に座らされて" in line for line in summary.noticed + summary.next_steps)


def test_a_1on1_next_step_holding_a_mistreatment_sentence_keeps_that_sentence_for_the_person_only(guide):
    # given a recorded 1on1 preparation where a message with a plan and a mistreatment sentence
    # was taken as the next step (an older reading filed 「…毎朝言われます」 as a plan)
    last = next(i for i, step in enumerate(THEMES["one_on_one"].steps) if step.collects == "next_step")
    message = "来週の1on1で評価の話をしてみます。係長に、毎朝みんなの前で仕事が遅いと大声で言われます。"
    state = ConversationState(
        theme="one_on_one",
        turns=(
            Turn("partner", "…", step=last, move="ask"),
            Turn("person", message),
            Turn("partner", "…", step=last, move="plan"),
        ),
        step=last,
    )
    summary = guide.summarise(state, language="ja")
    # then the step is the next step, and the mistreatment sentence is only in the line just for
    # them, so a 1on1 draft made from the kept summary never carries it (P44)
    assert any("評価の話をしてみます" in step for step in summary.next_steps)
    assert not any("大声で言われます" in step for step in summary.next_steps)
    assert any(line.startswith("自分のためのメモ") and "大声で言われます" in line for line in summary.noticed)


def test_a_passive_with_a_when_is_no_plan():
    # 「毎朝言われます」 has a when and a ます, but it is something done to them
    from kabeuchi.coach.engines.guide import _looks_like_plan

    assert not _looks_like_plan("服装のことも毎朝言われます")
    assert not _looks_like_plan("毎週の会議で肩に手を置かれます")
    assert _looks_like_plan("毎朝10分だけ英語を読みます")


def test_a_1on1_never_files_where_the_person_goes_for_help_under_the_preparation(guide):
    # given a 1on1 preparation where the person says they will ask the health office, with no
    # safety signal in the words, and worries the manager would learn of it
    last = next(i for i, step in enumerate(THEMES["one_on_one"].steps) if step.collects == "next_step")
    message = "会議の一部を代わってもらえないか相談します。健康管理室にも、どこまで共有されるのか聞いてみます。"
    assert not detect(message)
    state = ConversationState(
        theme="one_on_one",
        turns=(Turn("partner", "…", step=last, move="ask"), Turn("person", message), Turn("partner", "…", step=last, move="plan")),
        step=last,
    )
    summary = guide.summarise(state, language="ja")
    # then the step for the manager stays a next step, and the health office only in the line just
    # for them, so no agenda drafted from it names it (P44)
    assert any("会議の一部を代わってもらえないか相談します" in s for s in summary.next_steps)
    assert not any("健康管理室" in s for s in summary.next_steps)
    assert any(line.startswith("自分のためのメモ") and "健康管理室" in line for line in summary.noticed)


def test_a_form_headed_summary_keeps_only_plans_as_next_steps(guide):
    # given a モヤモヤ整理 whose next-step answers hold a correction and the facts around the plan
    last = next(i for i, step in enumerate(THEMES["moyamoya"].steps) if step.collects == "next_step")
    said = [
        "だいたい合ってますけど、腹が立つのは部長にというより自分にです。そこだけ直してください。",
        "母の通院の付き添いが毎週あります。来週の面談で、在宅の日を増やせないか聞いてみます。",
    ]
    turns = [Turn("partner", "…", step=last, move="ask")]
    for text in said:
        turns += [Turn("person", text), Turn("partner", "…", step=last, move="plan")]
    state = ConversationState(theme="moyamoya", turns=tuple(turns), step=last)
    summary = guide.summarise(state, language="ja")
    # then the next step is the plan alone, and the rest is kept as something they said
    assert [s.rstrip("。") for s in summary.next_steps] == ["来週の面談で、在宅の日を増やせないか聞いてみます"]
    noticed = "\n".join(summary.noticed)
    assert "母の通院の付き添いが毎週あります" in noticed and "腹が立つのは部長にというより自分にです" in noticed


def test_a_plan_in_support_mode_that_only_the_classifier_reads_as_crisis_is_kept_as_a_step(guide, monkeypatch):
    # given support mode after a crisis reading of the classifier alone
    from jatext.safety import Signal
    from kabeuchi.coach.engines import guide as module

    monkeypatch.setattr(module, "detect", lambda text: [Signal(kind="crisis", cue="classifier")])
    state, _ = play(guide, "moyamoya", ["最近、仕事のことで少しモヤモヤしています。"])
    assert state.turns[-1].move == "support"
    # when the next message states a plan, and the classifier reads it as a crisis again
    plan = "来週の面談で、担当を少し減らせないか聞いてみます。"
    reply = guide.reply(state, plan, language="ja")
    state = guide.record(state, plan, reply, language="ja")
    # then the plan is kept as their step, and the reply does not insist that they are in distress
    assert state.turns[-1].move == "support_plan", reply
    assert "まだ続いている" not in reply and "次の一歩" in reply


@pytest.mark.parametrize(
    ("language", "message", "move"),
    [
        # a request for the summary as one sentence of a longer message
        ("ja", "今日話したことを、一度まとめてもらえますか。そのあとで、次に何をするか考えたいと思っています。", "check"),
        ("en", "Could you put together a short summary that I can keep for later? Then I need to leave, thanks.", "check"),
        # a request to skip as one sentence of a longer message
        ("en", "Could we skip the question about thanks? I honestly have no idea what people would say.", "skip"),
    ],
)
def test_a_request_inside_a_longer_message_is_acted_on(guide, language, message, move):
    state, _ = play(guide, "moyamoya", ["最近、仕事のことでモヤモヤしています。"] if language == "ja" else ["Work has been weighing on me lately."], language)
    reply = guide.reply(state, message, language=language)
    state = guide.record(state, message, reply, language=language)
    assert state.turns[-1].move == move, reply
    assert "答えられません" not in reply and "not something I can answer" not in reply


def test_asking_leave_with_a_hedge_is_asking_leave(guide):
    state = guide.start("free", language="ja")
    message = "特に話すことは決まってないんですが、少し話してもいいですか。"
    reply = guide.reply(state, message, language="ja")
    assert reply.startswith(("もちろんです。", "はい、大丈夫です。")) and "答えられません" not in reply


def test_a_question_that_repeats_the_guides_own_is_thinking_aloud(guide):
    state, _ = play(guide, "one_on_one", ["Two topics: the release plan and my workload."], "en")
    message = "How should he respond? Hmm. I don't know. Maybe I want advice, but also I want him to just listen."
    reply = guide.reply(state, message, language="en")
    assert "not something I can answer" not in reply and "cannot answer" not in reply


@pytest.mark.parametrize("message", ["この準備の内容って上司に自動で共有されたりしますか？", "これって会社に通知とかいくんですか？"])
def test_whether_the_company_is_told_is_answered_about_kabeuchi_itself(guide, message):
    state, _ = play(guide, "one_on_one", ["評価の話をしたいです"])
    reply = guide.reply(state, message, language="ja")
    assert "会社の誰も読めません" in reply and "Kabeuchiから誰かに知らされることもありません" in reply


@pytest.mark.parametrize(
    ("theme", "language", "messages", "kept", "left_out"),
    [
        # a closing said with the plan: the step keeps the plan, not the thanks
        (
            "moyamoya",
            "ja",
            ["異動の内示があってモヤモヤしています。", "正直、不安です。", "来週、課長に異動の理由を聞いてみます。ほんとありがとね、助かった"],
            "課長に異動の理由を聞いてみます",
            "助かった",
        ),
        # a goodbye on its own line is not something they told
        ("free", "en", ["My manager keeps changing my priorities.", "I feel tired of it.", "also the new tool is slow. thank you friend 🙏 bye"], "changing my priorities", "bye"),
        # thanks before a feeling: the feeling stays
        ("moyamoya", "ja", ["同期が先に昇進しました。", "ありがと でもまだ悔しい気持ちはある"], "まだ悔しい気持ちはある", "ありがと"),
    ],
)
def test_thanks_and_goodbyes_are_not_summarised_as_content(guide, theme, language, messages, kept, left_out):
    state, _ = play(guide, theme, messages, language)
    summary = guide.summarise(state, language=language)
    text = "\n".join(summary.noticed + summary.next_steps)
    assert kept in text and left_out not in text, text


def test_a_summary_quotes_a_long_answer_by_whole_sentences_not_key_words(guide):
    # given a long answer in a step-headed theme
    answer = (
        "What I want... I like the moment when two people who misread each other suddenly understand. "
        "In purchasing I do that with our overseas suppliers every single week. "
        "Interpreting at the clinic would be that same feeling, only more direct."
    )
    state, _ = play(guide, "career", [answer], "en")
    summary = guide.summarise(state, language="en")
    text = "\n".join(summary.noticed)
    # then the summary holds whole sentences of it, never a clipped phrase standing alone
    assert '"What I want"' not in text and '"more direct"' not in text, text
    assert "only more direct" in text and "suddenly understand" in text, text


def _classifier_reads_crisis_in(monkeypatch, *messages: str) -> None:
    """The safety classifier alone (no rule) reads crisis in exactly these messages."""
    from jatext import safety
    from kabeuchi.coach.engines import guide as guide_module

    real = guide_module.detect

    def detect(text: str):
        if text in messages:
            return [safety.Signal(kind="crisis", cue="classifier")]
        return real(text)

    monkeypatch.setattr(guide_module, "detect", detect)


def test_after_a_check_in_on_the_classifier_alone_ordinary_talk_goes_back_to_the_questions(guide, monkeypatch):
    # given a first message only the classifier reads as crisis: the guide stops and checks in
    first = "I have worked in procurement for 12 years and I feel I cannot do both. Sorry, long message."
    _classifier_reads_crisis_in(monkeypatch, first, "My small step: I will ask HR about the rules this week. Goodbye.")
    state, replies = play(guide, "career", [first], "en")
    assert state.turns[-1].move == "support" and "If I have misread you" in replies[-1]
    # when the person goes on about their work, with nothing that reads as a signal
    state, replies = play_on(guide, state, ["What I want is to help two sides understand each other."], "en")
    # then the talk goes on with the questions, and the message is their answer
    assert state.turns[-1].move in ("ask", "deepen", "check"), replies[-1]
    assert replies[-1].startswith("Thank you. Let us go on, then.")
    assert any("help two sides understand" in a.text for a in answers_of(state))
    # and a step said later that only the classifier reads as crisis is kept as their step,
    # with the gentle line, not the same check-in again
    state, replies = play_on(guide, state, ["My small step: I will ask HR about the rules this week. Goodbye."], "en")
    assert "If I have misread you" not in replies[-1] and "the people shown below" in replies[-1]
    assert any("ask HR about the rules" in step for step in guide.summarise(state, language="en").next_steps)


def test_a_rule_read_crisis_keeps_support_mode_after_ordinary_talk(guide):
    state, _ = play(guide, "moyamoya", ["最近、消えたいって思うことがあります。"])
    assert state.turns[-1].move == "support"
    state, replies = play_on(guide, state, ["仕事の量が多くて、毎日遅くまで残っています。"])
    assert state.turns[-1].move.startswith("support"), replies[-1]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "ありがとうございました。誰かに話すだけでこんなに違うものなんですね。今日はこれで失礼します。"),
        ("en", "perfect thx. wish me luck 🤞"),
    ],
)
def test_a_goodbye_at_the_end_of_a_message_closes_the_talk_and_is_no_step(guide, language, message):
    opening = ["異動の話が出ていて、迷っています。", "正直、不安です。"] if language == "ja" else ["I have two topics for my 1on1.", "Workload and the release plan."]
    state, _ = play(guide, "moyamoya" if language == "ja" else "one_on_one", opening, language)
    state, replies = play_on(guide, state, [message], language)
    assert state.turns[-1].move == "end", replies[-1]
    summary = guide.summarise(state, language=language)
    assert not any("ありがとう" in s or "luck" in s for s in summary.next_steps + summary.noticed)


def test_what_is_hard_to_tell_the_manager_stays_out_of_the_1on1_preparation(guide):
    state, _ = play(guide, "one_on_one", ["来期の担当エリアの希望を話したいです。", "一緒に考えてほしいです。"])
    state, _ = play_on(guide, state, ["資料が回ってこないのは困ってます。LINEのことはリーダーにはちょっと言いにくい"])
    summary = guide.summarise(state, language="ja")
    private = [line for line in summary.noticed if line.startswith("自分のためのメモ")]
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")] + summary.next_steps
    assert private and "言いにくい" in private[0]
    assert not any("言いにくい" in line for line in shared), shared


def test_a_topic_that_is_hard_to_say_but_meant_for_the_1on1_stays_a_topic(guide):
    state, _ = play(guide, "one_on_one", ["①目標の下方修正の相談\n②後輩の育成\n③あと、ちょっと言いにくいことがあって"])
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith("話したいこと") and "言いにくいこと" in line for line in summary.noticed), summary.noticed


def test_whether_the_health_desk_counts_against_you_is_answered_about_confidentiality(guide):
    state, _ = play(guide, "free", ["店長が休んでから2か月、ずっと店を回してます。"])
    reply = guide.reply(state, "会社に健康相談の窓口あった気がするけど、使うとシフトとか評価に響きますかね", language="ja")
    assert "守秘義務" in reply and "評価" in reply, reply


@pytest.mark.parametrize("sure", [False, True])
@pytest.mark.parametrize(("kind", "line"), [("harassment", "ハラスメントの相談窓口"), ("health", "産業医")])
def test_a_classifier_only_reading_gets_the_guides_own_line_only_when_sure_enough(guide, monkeypatch, kind, line, sure):
    from jatext import safety
    from kabeuchi.coach.engines import guide as guide_module

    message = "課長と係員の間に挟まれることが増えました。どちらにもいい顔をしている気がします。"
    monkeypatch.setattr(guide_module, "detect", lambda text: [safety.Signal(kind=kind, cue="classifier")] if text == message else [])
    monkeypatch.setattr(guide_module, "worth_a_line", lambda text, k: sure)
    state, _ = play(guide, "moyamoya", ["最近モヤモヤしています。"])
    # below the line's probability the help panel is shown (the signal stands) and the guide adds
    # nothing; at or above it, the guide's own line too
    assert (line in guide.reply(state, message, language="ja")) is sure


def test_the_line_probabilities_are_above_the_signal_thresholds():
    from jatext import safety, safety_model

    model = safety_model.load()
    for kind, floor in safety.LINE_PROBABILITY.items():
        assert floor > model.thresholds[safety_model.KINDS.index(kind)]
    assert safety.worth_a_line("上司に毎日怒鳴られて、みんなの前で無能と言われています。", "harassment")


@pytest.mark.parametrize(
    ("theme", "language", "message", "expected"),
    [
        ("stocktaking", "ja", "たなおろし？ってやつ　じょうしにすすめられた　これじょうしにみられるの？", "会社の誰も読めません"),
        ("free", "en", "hii, is this an actual person or a bot lol", "I am a guide"),
    ],
)
def test_a_question_about_who_sees_it_or_what_the_guide_is_gets_answered_in_any_spelling(guide, theme, language, message, expected):
    state = guide.start(theme, language=language)
    assert expected in guide.reply(state, message, language=language)


def test_whether_hr_sees_what_is_written_here_is_never_off_the_topic(guide):
    state, _ = play(guide, "stocktaking", ["再任用で2年目です。"])
    reply = guide.reply(state, "ところで、ここに書いた内容は人事課で見られるのでしょうか。再任用の判断材料にされるのであれば、書き方を考えないといけませんので。", language="ja")
    assert "会社の誰も読めません" in reply and "話がそれた" not in reply, reply


def test_going_to_a_doctor_is_kept_as_the_step_not_answered_with_the_physician_line(guide):
    state, _ = play(guide, "moyamoya", ["夜勤明けでも眠れない日が続いてます。", "しんどいです。"])
    message = "まず外の病院で一回ちゃんと眠れないこと相談してみます。"
    reply = guide.reply(state, message, language="ja")
    state = guide.record(state, message, reply, language="ja")
    assert any("外の病院" in step for step in guide.summarise(state, language="ja").next_steps), reply


def test_a_feeling_said_when_asked_about_skills_is_not_filed_as_a_skill(guide):
    state, _ = play(guide, "career", ["若い人に教えることはしてみたいです。", "さみしい、いうたら笑われるかね"])
    summary = guide.summarise(state, language="ja")
    assert not any(line.startswith("できること") and "さみしい" in line for line in summary.noticed), summary.noticed
    assert any("さみしい" in line for line in summary.noticed)


@pytest.mark.parametrize(
    ("language", "messages", "asked", "gone", "kept"),
    [
        ("ja", ["部下の主任が最近元気がない。", "同僚の課長も心配している。"], "課長が心配してる、は余計だな。", "課長も心配", "主任が最近元気がない"),
        ("en", ["My lead keeps changing priorities.", "My wife thinks I should quit."], "Please take out the bit about my wife.", "wife", "changing priorities"),
    ],
)
def test_a_line_the_person_asks_to_leave_out_is_left_out_of_the_summary(guide, language, messages, asked, gone, kept):
    state, _ = play(guide, "free", [*messages, asked], language)
    text = "\n".join(guide.summarise(state, language=language).noticed)
    assert gone not in text and kept in text, text


def test_leaving_a_topic_out_of_the_1on1_is_not_a_request_about_the_summary(guide):
    state, _ = play(guide, "one_on_one", ["①人員配置 ②自分の今後 ③若手の件", "三つ目の若手の件は今回は外しておきます。"])
    summary = guide.summarise(state, language="ja")
    assert any("若手" in line for line in summary.noticed + summary.next_steps), summary


def test_what_the_person_asks_to_keep_from_the_manager_leaves_the_1on1_preparation(guide, monkeypatch):
    from jatext import safety
    from kabeuchi.coach.engines import guide as guide_module

    request = "あ、「いっぱいいっぱい」は上司には言わないでおきたいです。メモには残してもいいけど"
    real = guide_module.detect
    # even when the classifier alone reads a crisis into it (the round-12 review), it is a request
    monkeypatch.setattr(guide_module, "detect", lambda text: [safety.Signal(kind="crisis", cue="classifier")] if text == request else real(text))
    state, _ = play(guide, "one_on_one", ["先輩が来月辞めて、仕事が私に来そうです。今でもいっぱいいっぱいなので。", "まず聞いてほしいです。"])
    state, replies = play_on(guide, state, [request])
    assert "1on1の準備には入れず" in replies[-1] and "misread" not in replies[-1] and "読み違い" not in replies[-1]
    summary = guide.summarise(state, language="ja")
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")]
    assert not any("いっぱいいっぱい" in line for line in shared), shared
    assert any(line.startswith("自分のためのメモ") and "今でもいっぱいいっぱい" in line for line in summary.noticed)


def test_should_i_stay_or_go_back_is_a_decision_question_not_a_step_back(guide):
    state, _ = play(guide, "career", ["I like building things from scratch.", "I can code and I can teach."], "en")
    message = "So should I stay or go back? What would you do?"
    reply = guide.reply(state, message, language="en")
    state = guide.record(state, message, reply, language="en")
    assert state.turns[-1].move == "decide", reply
    assert "replaced" not in reply


def test_a_summary_asked_for_lists_what_was_filed_apart_from_the_steps(guide):
    state, _ = play(guide, "learning", ["データ分析を勉強したいです。", "会議で自分で数字を説明できている感じです。", "今はExcelのピボットくらいです。"])
    # a wish said when asked what helps: filed apart from 力になるもの, and still shown
    state, _ = play_on(guide, state, ["とりあえず半年で資格を取りたいです。"])
    reply = guide.reply(state, "一回まとめてもらえますか", language="ja")
    assert "資格を取りたい" in reply, reply


def test_a_quote_mark_inside_the_persons_words_nests_and_asks_nothing(guide):
    # found by the property test above on CI: '0"?0' came back as '"0"?0"', a stray question mark
    state = guide.start("free", language="en")
    assert questions_in(guide.reply(state, '0"?0', language="en")) <= 1


def test_a_correction_in_dialect_replaces_the_line_it_corrects(guide):
    # given a summary that holds the supervisor's remark and a feeling about it
    state, _ = play(guide, "moyamoya", [
        "最近ずっとモヤモヤしてて",
        "月末にSVから「来期も更新でいいよね?」って廊下で軽く言われて。",
        "更新の話が廊下の立ち話なん、ちょっと悲しかった",
        "まとめてくれる?",
    ])
    # when the person corrects it in Kansai speech (やなくて, not じゃなくて)
    state, replies = play_on(guide, state, ["あ、悲しかったのはSVにやなくて、会社の仕組みのほう"])
    # then it is taken as a correction, not as one more answer
    assert state.turns[-1].move == "corrected", replies[-1]
    assert "悲しかったのはSVにやなくて、会社の仕組みのほう" in "\n".join(guide.summarise(state, language="ja").noticed)


def test_a_step_said_several_messages_in_is_not_followed_by_an_earlier_question(guide):
    # given five messages about the facts, with the later questions not yet reached
    state, _ = play(guide, "moyamoya", [
        "仕事に行くのがしんどいっていうか",
        "先週、電話が多くてみんな昼休憩をずらしていた",
        "月末に更新の話を廊下で軽くされた",
        "面談でちゃんと話してほしかった",
        "正社員になりたいかはわからない",
    ])
    # when the person says what they will do
    state, replies = play_on(guide, state, ["次に話すとき、更新の話の時間をとってもらえますかって言うてみる"])
    # then the step is kept and the guide offers to stop, asking no earlier question again
    assert state.turns[-1].move == "plan", replies[-1]
    assert "終わりにしても大丈夫です" in replies[-1] and "？" not in replies[-1] and "か。" not in replies[-1].splitlines()[-1]


@pytest.mark.parametrize("message", ["なんか仕事行くのがしんどい", "上から降ってくる数字をさばくだけなのはしんどい"])
def test_a_burden_said_with_shindoi_gets_no_line_about_tiredness_or_sleep(guide, message):
    # 「しんどい」 is how any burden is said; the line speaks of tiredness and sleep
    _, replies = play(guide, "moyamoya", [message])
    assert "産業医" not in replies[-1] and "眠り" not in replies[-1], replies[-1]


def test_the_body_being_worn_out_still_gets_the_line(guide):
    _, replies = play(guide, "moyamoya", ["最近は体がしんどいし、夜も4時間しか寝てない"])
    assert "産業医" in replies[-1], replies[-1]


@pytest.mark.parametrize(("said", "score"), [("自信は……10点中2かな。", "2"), ("10段階で3くらい", "3"), ("4/10 ですかね", "4"), ("maybe 4 out of 10", "4"), ("7", "7")])
def test_a_score_is_read_without_the_frame_it_is_given_in(said, score):
    from kabeuchi.coach.engines.guide import _scale_number

    assert _scale_number(said).group(1) == score


def test_an_answer_that_names_a_later_step_is_filed_there_and_that_question_is_not_asked(guide):
    # given the career theme, two questions skipped
    state, _ = play(guide, "career", ["最近、今の仕事をこのまま続けていいのか分からなくなってきました。", "スキップ", "スキップ"])
    # when the person answers 「手放したくないもの」 by naming it in a cleft sentence
    state, replies = play_on(guide, state, ["手放したくないのは、お客様から直接ありがとうと言われる瞬間ですね。あとは家族との夕食の時間。"])
    # then the reflection gives back what they named, not the words of the question
    assert "「手放したくない」" not in replies[-1] and "お客様から直接ありがとうと言われる瞬間" in replies[-1]
    # the answer is filed under that heading and its question is not asked next
    noticed = guide.summarise(state, language="ja").noticed
    assert any(line.startswith("手放したくないもの") and "ありがとうと言われる瞬間" in line for line in noticed), noticed
    assert "手放したくない" not in replies[-1].splitlines()[-1]


def test_a_correction_announced_first_quotes_what_it_means_not_the_announcement(guide):
    state, _ = play(guide, "stocktaking", [
        "一番記憶にあるのは、15年ほど前に滞納整理の担当だった時です。",
        "回収率が上がって、表彰されました。私の粘り強さだと思います。",
        "まとめてください",
    ])
    state, replies = play_on(guide, state, ["一点訂正させてください。回収率が上がったのは私一人の力ではなく、係全体で取り組んだ結果です。"])
    assert state.turns[-1].move == "corrected", replies[-1]
    assert "訂正させてください" not in replies[-1] and "係全体で取り組んだ結果です" in replies[-1]


def test_a_crisis_message_taken_back_is_not_answered_with_the_crisis_message_again(guide):
    state, _ = play(guide, "moyamoya", ["異動してから毎日モヤモヤしてます", "朝、このままどこか遠くに行ってしまえたら楽なのに、と駅のホームで考えることがあります。"])
    state, replies = play_on(guide, state, ["大げさにするつもりはなかったんです。死にたいとかではないと思います。ただ疲れているだけで。"])
    assert "大げさかどうかは、気にしなくていい" in replies[-1] and "相談先" in replies[-1]
    assert "とても重いもの" not in replies[-1] and "謝らなくて" not in replies[-1]
    # said again without the denial, it is heard as a crisis again
    state, replies = play_on(guide, state, ["ごめん、やっぱり死にたい"])
    assert "人と話すことが大切です" in replies[-1] or "人と話すことをいちばん大切に" in replies[-1], replies[-1]


def test_asking_leave_to_stop_in_support_mode_ends_the_talk_warmly(guide):
    state, _ = play(guide, "career", [
        "I want to think about my career direction.",
        "Some nights I think it would be easier if I was not here anymore, for everyone.",
        "Okay. Maybe I will call the counselling number tomorrow at lunch.",
    ], "en")
    state, replies = play_on(guide, state, ["Can we stop here? I am tired."], "en")
    assert state.turns[-1].move == "end", replies[-1]
    assert "not something I can answer" not in replies[-1] and "contact one of the people below today" in replies[-1]


def test_a_request_not_to_write_something_keeps_it_out_of_the_preparation_and_the_summary(guide):
    state, _ = play(guide, "one_on_one", ["来週1on1ある", "フロント以外もやりたいってこと"])
    state, replies = play_on(guide, state, ["ならいいけど 転職サイト登録してることは絶対書かないで"])
    assert state.turns[-1].move == "noted", replies[-1]
    assert "書きません" in replies[-1]
    state, replies = play_on(guide, state, ["まとめて"])
    summary = guide.summarise(state, language="ja")
    assert "転職サイト" not in replies[-1] and "転職サイト" not in " ".join(summary.noticed + summary.next_steps)


def test_a_correction_that_swaps_words_swaps_them_in_the_line(guide):
    state, _ = play(guide, "one_on_one", ["来週1on1ある", "話したいのは評価の基準がよくわからんってこと", "一緒に考えてほしい", "まとめて"])
    state, replies = play_on(guide, state, ["評価のとこ 「よくわからん」じゃなくて「何を見られてるか知りたい」にして"])
    assert state.turns[-1].move == "corrected", replies[-1]
    noticed = " ".join(guide.summarise(state, language="ja").noticed)
    # (「来週1on1ある」 only tells the meeting: no topic since the seventeenth session)
    assert "何を見られてるか知りたい" in noticed and "よくわからん" not in noticed and "来週1on1ある" not in noticed, noticed


@pytest.mark.parametrize(("message", "unsure"), [("あと評価の基準がよくわからん", False), ("正直わからん", True), ("わからないです。", True)])
def test_not_knowing_something_named_is_content_not_a_non_answer(message, unsure):
    from kabeuchi.coach.engines.guide import _ends_unsure

    assert _ends_unsure(message) is unsure


def test_skip_in_kana_is_a_skip(guide):
    state, _ = play(guide, "one_on_one", ["来週1on1ある", "一緒に考えてほしい"])
    state, replies = play_on(guide, state, ["最初に言うことは あとで考えるから とばして"])
    assert state.turns[-1].move == "skip", replies[-1]


@pytest.mark.parametrize(
    ("theme", "language", "before", "message"),
    [
        # a request for the guide to do what it is there for, said as a question
        ("free", "ja", [], "夜分にすみません。特にテーマというわけではないのですが、少し話を聞いてもらえますか"),
        ("one_on_one", "ja", [], "お忙しいところ恐れ入ります。来週、課長との1on1があり、その準備をお手伝いいただけますでしょうか。"),
        # the topic said back before the answer, and an answer said tentatively
        ("stocktaking", "ja", ["前の部署で発注ミスを三日で全部確認し直しました。"], "感謝されること、ですか。特にないと思います。研究員なので"),
        ("career", "ja", ["今の仕事を続けていいのか迷っています。"], "部下の育成と、事故対応の難しい折衝でしょうか。ただ最近は若手のほうがデジタルに強くて頭が痛いです"),
        ("stocktaking", "en", ["I came back from leave and feel behind."], "What did I do? I mostly talked to people. Sales, the agency, the event staff."),
    ],
)
def test_messages_that_only_look_like_questions_are_not_declined(guide, theme, language, before, message):
    state, _ = play(guide, theme, before, language)
    state, replies = play_on(guide, state, [message], language)
    assert "答えられません" not in replies[-1] and "お答えできません" not in replies[-1] and "not something I can answer" not in replies[-1], replies[-1]
    assert state.turns[-1].move != "end", replies[-1]
    assert "夜分にすみません" not in replies[-1] and "お忙しいところ" not in replies[-1]


def test_a_request_not_to_write_what_was_just_told_points_back(guide):
    state, _ = play(guide, "one_on_one", ["時短勤務での目標件数の設定について"])
    state, replies = play_on(guide, state, ["このことは、1on1の資料には絶対に入れないでください。"])
    assert state.turns[-1].move == "noted" and "そのことは" in replies[-1], replies[-1]


def test_an_english_correction_that_swaps_words(guide):
    state, _ = play(guide, "one_on_one", ["Hours: I've been leaving early twice a week", "I'd like her to think it through with me", "Can you sum up?"], "en")
    state, replies = play_on(guide, state, ["Small fix - it's not 'leaving early', make it 'adjusting my hours'"], "en")
    assert state.turns[-1].move == "corrected", replies[-1]
    assert "leaving early" not in " ".join(guide.summarise(state, language="en").noticed)


def test_in_crisis_support_a_question_whether_work_is_told_is_answered_first(guide):
    state, _ = play(guide, "moyamoya", ["最近ずっと眠れなくて", "帰りの駅のホームで、気づいたら一歩前に出ていたこともありました。"])
    state, replies = play_on(guide, state, ["今書いたことは、職場の誰かに通知されたり、人事に記録として残ったりするのでしょうか。知られたら、もう現場にはいられない気がしまして。"])
    first = replies[-1].splitlines()[0]
    assert "知らされません" in first, replies[-1]
    assert "相談先" in replies[-1]


@pytest.mark.parametrize(("language", "message", "expected"), [
    ("ja", "産業医に言ったら 会社に全部つたわってしまうんですかね", "守秘義務"),
    ("en", "I don't want to make a big thing. Does my company get notified about this?", "tells nobody"),
])
def test_whether_anyone_is_told_is_answered_plainly_in_kana_and_in_english(guide, language, message, expected):
    state, replies = play(guide, "career", ["あと2年で定年です" if language == "ja" else "I have two years left before retirement", message], language)
    assert expected in replies[-1], replies[-1]
    assert "Company programmes" not in replies[-1] and "会社の制度・プログラム" not in replies[-1]


def test_what_is_kept_from_the_manager_is_neither_listed_as_a_topic_nor_asked_about(guide):
    state, replies = play(guide, "one_on_one", [
        "来週、店長との1on1があるので準備したいです。",
        "①お迎えがあるので遅番を週2までにしてほしい ②復帰してから売場改善のプロジェクトから外れたのが気になる ③下期の評価どうなるのか。あと…これは店長には言いたくないんですけど、実は転職サイトに登録だけしました",
    ])
    assert "転職サイト" not in replies[-1] and "どんな思い" not in replies[-1], replies[-1]
    assert "①お迎えがあるので遅番を週2までにしてほしい" in replies[-1]
    state, replies = play_on(guide, state, ["これ、共有したら店長にはどこまで見えるんですか？転職サイトの話とか見えたら最悪なんで"])
    assert "共有すると決めたものだけ" in replies[-1], replies[-1]


def test_a_request_to_keep_something_from_the_leader_is_not_filed_as_a_note(guide):
    state, _ = play(guide, "one_on_one", ["来週リーダーと1on1。次の案件のアサインのこと", "一緒に考えてほしい"])
    state, _ = play_on(guide, state, ["これリーダーに見られたくないです。1on1のメモには絶対入れないで", "まとめてください"])
    summary = guide.summarise(state, language="ja")
    assert "見られたくない" not in " ".join(summary.noticed + summary.next_steps)
