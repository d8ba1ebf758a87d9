"""Faults of round 31's blind review fixed in the eighteenth session.  The sentences here are new,
not the round's."""

from __future__ import annotations

import pytest

from tests.coach.test_guide_engine import play

CRISIS_JA = "正直、毎晩このまま朝が来なければいいと思ってしまいます。"
CRISIS_EN = "Some nights I think it would be easier for everyone if I just wasn't here."


@pytest.mark.parametrize(
    ("language", "messages", "expected"),
    [
        ("ja", ["仕事のことで少し話したいです。", CRISIS_JA, "その電話って、夜中でもつながるんでしょうか"], "よりそいホットライン"),
        ("ja", ["仕事のことで少し話したいです。", CRISIS_JA, "教えてもらった番号、土日もやってますか？"], "よりそいホットライン"),
        ("en", ["I want to talk about work.", CRISIS_EN, "does that number answer on weekends?"], "Yorisoi Hotline"),
    ],
)
def test_in_support_the_phone_on_screen_asked_about_by_its_hours_gets_them(guide, language, messages, expected):
    _, replies = play(guide, "free", messages, language)
    assert expected in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1] and "cannot answer" not in replies[-1], replies[-1]


def test_outside_support_a_phone_call_at_night_is_the_persons_own_topic(guide):
    _, replies = play(guide, "moyamoya", ["夜に取引先から電話が来るのがしんどいです", "夜でも電話に出ないといけないんでしょうか？"])
    assert "ホットライン" not in replies[-1], replies[-1]


def test_a_bare_request_to_delete_with_the_part_named_before_it_takes_it_out(guide):
    state, replies = play(guide, "one_on_one", [
        "残業が多い件",
        "ただ聞いてほしいです",
        "この前、先輩の鈴木さんに休日出勤を代われと言われて、断ったら口をきいてくれなくなった",
        "まとめを見せてください",
        "さっきの鈴木さんの部分、係長に見られたくないです。削除してください",
        "まとめを見せてください",
    ])
    assert "鈴木" not in replies[-1], replies[-1]
    assert "削除してください" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("鈴木" in line or "削除" in line for line in summary.noticed), summary.noticed


@pytest.mark.parametrize(
    ("language", "question", "expected"),
    [
        ("ja", "これって消したら、ほんとに全部きえるの？", "消したものは、その場で"),
        ("ja", "この会話を削除しても、どこかに残りますか", "消したものは、その場で"),
        ("en", "if I delete this chat, is it really gone?", "What you delete is gone"),
    ],
)
def test_what_deleting_does_is_answered(guide, language, question, expected):
    first = "残業が多い件" if language == "ja" else "Overtime"
    _, replies = play(guide, "one_on_one", [first, question], language)
    assert expected in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1] and "cannot answer" not in replies[-1], replies[-1]


def test_what_is_kept_back_is_shown_apart_from_the_managers_list(guide):
    _, replies = play(guide, "one_on_one", [
        "来月、部長と1on1です。話したいのは、①出張の多さ、②後輩の育成、の2つです",
        "①は聞いてほしいだけです。②はアドバイスがほしいです",
        "実は他社の面接を受ける予定です。これは部長には絶対に言わないでください",
        "部長に見える部分を見せてください",
    ])
    label = "あなただけのメモ（上司に見える部分には入れていません）"
    kept = [line for line in replies[-1].split("\n") if label in line]
    assert kept and "面接" in kept[0], replies[-1]
    assert not kept[0].startswith(("・", "- ")), replies[-1]  # not one more item of the list
    listed = [line for line in replies[-1].split("\n") if line.startswith("・")]
    assert listed and not any("面接" in line for line in listed), replies[-1]


@pytest.mark.parametrize(
    ("language", "messages", "asked"),
    [
        ("ja", ["来週の面談の準備です。話したいのは残業の件", "アドバイスがほしい"], "見して"),
        ("ja", ["来週の面談の準備です。話したいのは残業の件", "アドバイスがほしい"], "じゃあ一回リスト見せて"),
        ("en", ["Overtime, and my training budget", "Advice on both"], "show it pls"),
        ("en", ["Overtime, and my training budget", "Advice on both"], "Give me the short version of what I said."),
    ],
)
def test_a_bare_request_to_be_shown_gets_the_summary(guide, language, messages, asked):
    _, replies = play(guide, "one_on_one", [*messages, asked], language)
    assert ("ここまで" in replies[-1] and "残業" in replies[-1]) or ("so far" in replies[-1] and "Overtime" in replies[-1]), replies[-1]


@pytest.mark.parametrize("text", ["写真を見せてもらった", "I want to show my manager my work", "give me a break", "見せて。あと、もう一つ話があって"])
def test_showing_in_a_sentence_about_something_else_asks_for_no_summary(text):
    from kabeuchi.coach.engines.guide import _asks_summary

    assert not _asks_summary(text)


MOYAMOYA = ["最近仕事がつまらない", "配送の段取りが毎日同じ", "たぶん飽きたんだと思う", "なんか悲しい", "前みたいに楽しく働きたい"]


@pytest.mark.parametrize(
    ("scale", "expected", "not_expected"),
    [
        ("うーん、数字にはできないかな。結構大きい", "少しでも小さくなるとしたら", "1つ小さく"),
        ("6くらい", "1つ小さくなるとしたら", "少しでも小さく"),
        ("七割くらいかな", "1つ小さくなるとしたら", "少しでも小さく"),
    ],
)
def test_one_point_smaller_is_asked_only_after_a_number_on_the_scale(guide, scale, expected, not_expected):
    _, replies = play(guide, "moyamoya", [*MOYAMOYA, scale, "うん"])
    assert expected in replies[-1] and not_expected not in replies[-1], replies[-1]


def test_of_these_is_asked_only_after_options(guide):
    _, replies = play(guide, "learning", ["Pythonを勉強したい", "データ集計を自動化できている", "4くらい", "同期に聞いた", "スキップ"])
    assert "今週始められることを一つ挙げるとしたら" in replies[-1] and "その中から" not in replies[-1], replies[-1]
    _, replies = play(guide, "learning", ["Pythonを勉強したい", "データ集計を自動化できている", "4くらい", "同期に聞いた", "本を読むか、社内の勉強会に出る"])
    assert "その中から" in replies[-1], replies[-1]


def test_the_opening_line_named_out_of_turn_is_filed_as_the_opening_line(guide):
    state, replies = play(guide, "one_on_one", [
        "I want to talk about my workload", "Just listen, please", "More time for code review", "ok",
        "Opening line: 'Thanks for making time, I have one thing today.'",
    ], "en")
    assert "What will you say first" not in replies[-1], replies[-1]


def test_a_question_about_deleting_also_says_who_can_read_it(guide):
    _, replies = play(guide, "moyamoya", ["最近もやもやする", "ところでこれ、書いたん消したらほんまに消えるん?会社の人が後で見たりせん?"])
    assert "消したものは、その場で" in replies[-1] and "会社の誰も読めません" in replies[-1], replies[-1]


@pytest.mark.parametrize(
    ("theme", "messages", "expected", "gone"),
    [
        # the new wording names a title (班長) inside its quotes: still only a swap
        ("one_on_one", ["夜勤の人手が足りず、俺が埋めてる件", "一緒に考えてほしい",
                        "『俺が埋めてる』は愚痴っぽいので、『班長が多めに入っている』くらいにしといて"], "班長が多めに入っている", "俺が埋めてる"),
        ("one_on_one", ["部下の件です。最近、部下の元気がないのが気になっております", "一緒に考えていただきたいです",
                        "『元気がない』は失礼ですので、『少しお疲れのように見える』に改めていただけますか。"], "少しお疲れのように見える", "元気がない"),
    ],
)
def test_a_swap_asked_in_other_words_is_made(guide, theme, messages, expected, gone):
    state, replies = play(guide, theme, messages)
    assert "直しておきます" in replies[-1], replies[-1]
    text = "\n".join(guide.summarise(state, language="ja").noticed)
    assert expected in text and gone not in text, text


@pytest.mark.parametrize(
    ("messages", "asked", "gone"),
    [
        (["去年、地域のお祭りの運営をまとめた", "段取りを全部組んで、当日も走り回った", "最後までやりきれた。上司には『目立ちすぎ』って言われたけど"],
         "あと上司に言われたとこは消しといて", "目立ちすぎ"),
        (["去年、地域のお祭りの運営をまとめた", "段取りを全部組んで、当日も走り回った", "夫はたぶん辞めてほしいと思ってる"],
         "夫はたぶん辞めてほしい、のとこは消してください。本人に聞いてないので", "辞めてほしい"),
    ],
)
def test_a_part_named_by_its_words_is_taken_out_and_said_so(guide, messages, asked, gone):
    state, replies = play(guide, "stocktaking", [*messages, asked])
    assert "まとめから外しておきますね" in replies[-1], replies[-1]
    assert not any(gone in line for line in guide.summarise(state, language="ja").noticed)


@pytest.mark.parametrize(
    ("theme", "language", "messages", "expected"),
    [
        ("one_on_one", "ja", ["部活の顧問の負担の件", "一緒に考えてほしい", "これって、全部校長先生に行っちゃうんですか？"], "会社の誰も読めません"),
        ("one_on_one", "en", ["Night shift rota", "just listen pls", "if I see the 保健師, will my manager find out?"], "bound to confidentiality"),
        ("one_on_one", "ja", ["異動の件でございます", "率直なご助言をいただきたいです", "恐縮ですが、部長にお見せする内容を拝見できますでしょうか。"], "上司に見える部分"),
        ("career", "ja", ["物流の仕組みづくりに興味がある", "在庫管理ならできる", "住宅ローンがある", "新しい部署って合わなかったら元の部署に戻れるもんなの？"], "人事に確かめる"),
        ("one_on_one", "ja", ["残業の件", "それなら今日のは保存せんでいい"], "始めるときにあなたが選んだとおりです"),
    ],
)
def test_round_31s_questions_to_the_guide_are_answered(guide, theme, language, messages, expected):
    _, replies = play(guide, theme, messages, language)
    assert expected in replies[-1], replies[-1]
    assert "ひとつ前の問いに戻りますね" not in replies[-1], replies[-1]


@pytest.mark.parametrize("message", ["特にないです。ありがとうございました", "特にありません。ありがとうございました。"])
def test_nothing_more_with_closing_thanks_is_a_goodbye(guide, message):
    state, replies = play(guide, "moyamoya", ["部活の顧問がしんどい", "土日がつぶれる", "自分ばかり損してる気がする", "疲れた", message])
    assert state.turns[-1].move == "end", replies[-1]


def test_mistreatment_beside_an_unsure_crisis_reading_keeps_the_desk_line(guide):
    # round 32's R32-17, quoted (graded blind first; development data since): the message reads an
    # unsure crisis beside harassment, and only the crisis line was given
    _, replies = play(guide, "moyamoya", [
        "Something feels off since my team change.",
        "Is this normal after a team change?",
        "Probably it's nothing. My senior 'jokes' about my body at team drinks, and last week he put his hand on my lower back "
        "and told me to smile more for the clients. Everyone laughs, so I laugh. It's cultural, right?",
    ], "en")
    assert "the people shown below" in replies[-1], replies[-1]  # the unsure crisis reading's line
    assert "consultation desk" in replies[-1], replies[-1]
