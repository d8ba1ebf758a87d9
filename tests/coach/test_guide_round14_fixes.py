"""Faults the blind review of round 14 found in the guide, as behaviours: goodbyes said with what
the person goes to do, going on after a detour, a topic taken off a 1on1 list, a request to keep
something in the notebook, a whole episode in one sentence, decisions asked in dialect, summary
requests in polite or plain words, and a step chosen after a decision was handed back."""

from __future__ import annotations

from kabeuchi.coach.engines.guide import answers_of
from kabeuchi.coach.themes import THEMES


def _step_key(state) -> str:
    steps = THEMES[state.theme].steps
    return steps[state.step].key if 0 <= state.step < len(steps) else "end"


def test_a_goodbye_with_what_they_go_to_do_ends_the_talk(guide, talk):
    for goodbye in ("ほな現場戻るわ。おおきに", "おっけ、サンキュー。夜勤前にちょっと寝るわ"):
        state, replies = talk(guide, "moyamoya", ["仕事がしんどい", "人が足りない", "また自分が回されると思った", goodbye])
        # then the talk closes: no question comes back, and the goodbye is kept nowhere
        assert state.turns[-1].move == "end", (goodbye, replies[-1])
        assert not any(goodbye[:4] in a.text for a in answers_of(state))


def test_a_message_ending_with_thanks_after_the_step_is_said_is_the_goodbye(guide, talk):
    state, replies = talk(guide, "learning", [
        "英語を学び直したい", "月次報告を英語でできるようになりたい", "話すのが全然だめ", "2くらい",
        "昼休みに15分ならできそう", "では、来月の報告で使うフレーズを今週中に10個書き出してみます",
        "若い方向けのものかと思っていましたが、使ってよかったです。ありがとうございました",
    ])
    assert state.turns[-1].move == "end", replies[-1]
    # a request for the summary said with thanks is still a request for the summary
    state, replies = talk(guide, "learning", ["英語を学び直したい", "月次報告を英語でできるようになりたい", "話すのが全然だめ",
                                              "フレーズを10個書き出してみます", "最後に簡単にまとめてください。ありがとうございました。"])
    assert state.turns[-1].move == "check", replies[-1]


def test_a_thank_you_for_saying_something_first_is_no_word_denied(guide, talk):
    state, replies = talk(guide, "moyamoya", [
        "I did 11 interviews for the early retirement program",
        "My manager told me to just follow the script",
        "I feel a bit guilty that my own job is safe",
        "Yes, that is correct. Especially the guilty part. I did not say that to anyone before.",
    ], language="en")
    assert "I did not use those words" not in replies[-1]


def test_going_on_after_a_detour_is_no_step_back_and_words_after_it_are_an_answer(guide, talk):
    before, _ = talk(guide, "stocktaking", ["保育士です", "最近だと運動会かなぁ"])
    state, replies = talk(guide, "stocktaking", ["あ、ごめんなさい話それちゃった💦 さっきの続きに戻りたいです、棚卸しの"], state=before)
    assert state.turns[-1].move == "resume" and "前の問いに戻" not in replies[-1]
    assert _step_key(state) == _step_key(before)  # the same question again, not the one before
    # 「話戻すと、…」 goes on with an answer: it is filed, not dropped
    state, replies = talk(guide, "moyamoya", ["仕事のこと", "医者は行っとる。それはええねん。話戻すと、直すのも教えるのも好きなんやろな、わし"])
    assert any("直すのも教えるのも好き" in a.text for a in answers_of(state))


def test_wanting_to_go_back_to_a_project_is_no_request_to_go_back_a_question(guide, talk):
    state, replies = talk(guide, "one_on_one", [
        "①遅番を週2までにしてほしい ②プロジェクトから外れたのが気になる ③下期の評価",
        "②は…一緒に考えてほしい、かな。戻りたいのかどうか、自分でもはっきりしてないので",
    ])
    assert state.turns[-1].move not in ("back", "back_revised"), replies[-1]


def test_a_topic_taken_off_the_1on1_list_leaves_it_and_is_never_added(guide, talk):
    state, replies = talk(guide, "one_on_one", [
        "①お迎えがあるので遅番を週2までにしてほしい ②復帰してから売場改善のプロジェクトから外れたのが気になる ③下期の評価どうなるのか",
        "②は一緒に考えてほしい",
        "③の評価の話は今回はやめときます。聞くのちょっと怖いし、次回で",
        "まとめて",
    ])
    assert "③は、今回の話したいことから外しておきますね。" in replies[2]
    assert "下期の評価" not in replies[-1] and "怖い" not in replies[-1]
    summary = " ".join(guide.summarise(state, language="ja").noticed)
    assert "遅番を週2まで" in summary and "下期の評価" not in summary and "やめときます" not in summary


def test_a_request_to_keep_it_in_the_notebook_is_answered_and_never_filed_as_a_step(guide, talk):
    state, replies = talk(guide, "stocktaking", ["レジを12年やってる", "おばあさんの財布の件で喜ばれた", "のーとに いれといて"])
    assert "ノートに残したいのですね" in replies[-1]
    assert not any("いれといて" in a.text for a in answers_of(state))
    state, replies = talk(guide, "stocktaking", ["レジを12年やってる", "強みをキャリアノートに入れたいです。『困ってる人をほっとけない』で。"])
    assert "ノートに残したいのですね" in replies[-1]


def test_a_whole_episode_in_one_sentence_is_not_asked_for_its_result_again(guide, talk):
    state, replies = talk(guide, "stocktaking", [
        "I'm a polymer chemist, 12 years in R&D.",
        "OK, one thing. In 2021 the pilot line kept failing at scale-up. I set up a weekly call with the plant team, "
        "flew down four times, and we got the yield from 60 to 88 percent in about five months.",
    ], language="en")
    assert "What came of it?" not in replies[-1]
    assert "60 to 88 percent" in replies[-1]


def test_a_decision_asked_in_dialect_is_handed_back_with_their_words(guide, talk):
    for question, idea in [
        ("英会話でも習いに行ったほうがええんかね？どう思う？", "英会話でも習いに行ったほうがええ"),
        ("ぶっちゃけ、今年は見送って来年にしたほうがええと思う？工期終わるん10月やし", "今年は見送って来年にしたほうがええ"),
    ]:
        state, replies = talk(guide, "moyamoya", ["仕事がもやもやする", question])
        assert state.turns[-1].move == "decide", replies[-1]
        assert idea in replies[-1] and "「どう思う」" not in replies[-1]


def test_a_step_chosen_after_the_decision_was_handed_back_is_kept_as_the_next_step(guide, talk):
    state, replies = talk(guide, "moyamoya", ["後輩のことでもやもやする", "言うたほうがええかね?それとも余計なお世話かね", "ほうじゃね、あの子にまず聞いてみるわ。言うてほしいかどうか"])
    assert state.turns[-1].move == "plan", replies[-1]
    assert any("あの子にまず聞いてみる" in line for line in guide.summarise(state, language="ja").next_steps)


def test_summary_requests_in_polite_and_plain_words(guide, talk):
    for ask, language in [("ありがとうございます。では、ここまでを一度整理していただけますか。", "ja"), ("Can you pull together what I've said so far?", "en")]:
        state, replies = talk(guide, "learning", ["英語を学び直したい" if language == "ja" else "I want to relearn English",
                                                  "商談の雑談ができるようになりたい" if language == "ja" else "Small talk before meetings", ask], language=language)
        assert state.turns[-1].move == "check", replies[-1]


# ---------------------------------------------------------------- round 13's graded faults

def test_whether_this_is_used_for_evaluation_is_answered_plainly(guide, talk):
    for message in ("ちなみに、ここで話した内容が評価面談の資料に使われることはありますか?",
                    "ちなみに、ここで話した内容が人事評価に使われることはありませんよね。念のため確認させてください。"):
        state, replies = talk(guide, "stocktaking", ["研究員です", message])
        assert "評価や人事の資料に使われることはありません" in replies[-1], replies[-1]
        assert "答えられません" not in replies[-1]


def test_a_detour_announced_is_set_aside_not_reflected(guide, talk):
    for theme, language, message in [("moyamoya", "ja", "あ、話それるけどこの前買ったリップが神だった💄"),
                                     ("moyamoya", "en", "btw do u know a good ramen place near shinagawa haha")]:
        state, replies = talk(guide, theme, ["仕事でミスした" if language == "ja" else "work is meh", message], language=language)
        assert state.turns[-1].move == "aside_topic", replies[-1]
    # "btw" before something about work is no detour
    state, replies = talk(guide, "moyamoya", ["work is meh", "btw my boss also yelled at me in front of everyone"], language="en")
    assert state.turns[-1].move != "aside_topic"


def test_a_dilemma_named_is_an_answer_not_a_dont_know(guide, talk):
    state, replies = talk(guide, "moyamoya", ["病棟が大変", "一番は…後輩のことかな。あの子の気持ちもわかるし、引き止めるべきなのかどうかもわからない"])
    assert "わからない、というのも大切な答え" not in replies[-1]
    assert any("引き止めるべきなのかどうか" in a.text for a in answers_of(state))


def test_nothing_said_modestly_is_met_like_nothing(guide, talk):
    state, replies = talk(guide, "stocktaking", ["設備保全40年", "とくに ない。ふつうに やってきた だけ"])
    assert "特にない、というのも大切な答えです" in replies[-1]
    assert "その結果" not in replies[-1]


def test_a_whole_japanese_episode_is_not_asked_for_what_they_did(guide, talk):
    state, replies = talk(guide, "stocktaking", ["研究員です",
        "2年目のとき、スケールアップで収率が半分に落ちた。原因が分からず、製造現場の人に3週間通って一緒に条件を振った。最終的に攪拌の問題とわかり、収率が戻った"])
    assert "どんなことをしましたか" not in replies[-1] and "その結果" not in replies[-1]
    assert "原因が分からず」" not in replies[-1]


def test_after_a_skip_the_declined_topic_is_not_asked_about(guide, talk):
    state, replies = talk(guide, "moyamoya", ["idk something feels off at work lately",
                                              "3 releases in 2 weeks and i feel like the slow foreigner in meetings",
                                              "skip that one, i dont really want to go into meetings"], language="en")
    assert "meetings" not in replies[-1]


def test_reflections_keep_must_and_drop_a_dangling_and(guide, talk):
    state, replies = talk(guide, "moyamoya", ["何から話せばいいのかわからないんですけど、とにかく最近ずっとモヤモヤしてて、後輩の子が辞めたいって泣いてて、でも私がしっかりしないとって思って"])
    assert "「私がしっかりしない」" not in replies[-1]
    state, replies = talk(guide, "stocktaking", ["I've just come back from parental leave and honestly I'm not sure what I'm good at anymore. Everyone moved on."], language="en")
    assert 'leave and"' not in replies[-1] and "Everyone moved on" not in replies[-1]


# ---------------------------------------------------------------- round 15's harmful grades

def _shareable(guide, state) -> str:
    summary = guide.summarise(state, language="en" if state.turns[0].text.isascii() else "ja")
    return " ".join(line for line in summary.noticed if not line.startswith(("自分のためのメモ", "Just for you")))


def test_what_is_kept_from_the_manager_in_other_words_stays_out_of_the_preparation(guide, talk):
    cases = [
        ("ja", ["来週上司と1on1があるので準備したいです", "①残業 ②アサイン", "実は転職エージェントと一度面談してて、それは上司には絶対出したくないです。でもアサインの話はその件とつながってて…", "まとめて"], "転職エージェント"),
        ("ja", ["リーダーと1on1あるんで準備したい", "体調のことはリーダーには言わないっす。評価下がりそうだし。言うとしたら納期前の作業量の話だけで", "まとめて"], "体調"),
        ("ja", ["部長との1on1の準備をしたいです", "役職定年になってから会議に呼ばれなくなりました。正直やる気は落ちてます。あ、やる気の話は部長に見せたくないです", "まとめて"], "やる気"),
        ("en", ["I want to prepare an agenda for my 1on1 on Thursday", "The Singapore transfer, and mentoring the postdocs",
                "One thing — I've been toying with the idea of going down to four days a week next year. That is NOT going on anything he sees. Not yet.", "Summarise it please"], "four days"),
    ]
    for language, messages, secret in cases:
        state, replies = talk(guide, "one_on_one", messages, language=language)
        assert secret not in _shareable(guide, state), (secret, replies)
        assert all(secret not in r.split("\n", 1)[-1] or "メモ" in r or "note just for you" in r for r in replies[-1:]), replies[-1]
    # and what else they said in that message is still taken up
    state, replies = talk(guide, "one_on_one", cases[1][1][:2])
    assert "納期前の作業量" in replies[-1]


def test_a_topic_rewritten_by_its_number_changes_that_topic_only(guide, talk):
    state, replies = talk(guide, "one_on_one", [
        "来週上司と1on1があるので準備したいです", "①残業多すぎ問題 ②来期のリプレイスPJのアサイン ③評価面談の前フリ、の3つくらいです", "まとめて",
        "①の「残業多すぎ問題」、自分で書いといてあれなんですけど、残業じゃなくて「夜間の障害対応が多い」です。残業時間自体は普通なので",
    ])
    assert "①を「夜間の障害対応が多い」に直しておきますね。" in replies[-1]
    shared = _shareable(guide, state)
    assert "夜間の障害対応が多い" in shared and "リプレイスPJのアサイン" in shared and "評価面談の前フリ" in shared
    assert "残業多すぎ" not in shared and "3つくらい" not in shared


def test_leaving_a_talk_in_crisis_support_points_to_people_today(guide, talk):
    state, replies = talk(guide, "career", ["キャリアの方向性。特にやりたいこととか、もうないです",
        "最近は部屋の片付けをしてます。いらないものは全部捨てて、実家の母には今までありがとうってLINEしました。もう誰にも迷惑かけないようにしたいので",
        "大げさにしないでください。電話とかはできないです", "チャットなら、見てみます", "もう閉じます"])
    assert state.turns[-1].move == "end"
    assert "今日のうちに" in replies[-1] and "相談先" in replies[-1] and "問い" not in replies[-1]
    # after a check-in the person went on from, leaving still names the people to contact
    state, replies = talk(guide, "career", ["キャリアの方向性。特にやりたいこととか、もうないです",
        "最近は部屋の片付けをしてます。いらないものは全部捨てて、実家の母には今までありがとうってLINEしました。もう誰にも迷惑かけないようにしたいので",
        "チャットなら、見てみます", "もう閉じます"])
    assert state.turns[-1].move == "end" and "相談先" in replies[-1]


def test_an_english_1on1_opening_about_an_agenda_is_no_topic_and_going_back_to_a_topic_adds(guide, talk):
    state, replies = talk(guide, "one_on_one", [
        "I've got my quarterly 1on1 with my group leader on Thursday and, frankly, they drift into status updates, the least useful thing to talk about. I'd like to go in with a proper agenda this time.",
        "The assay platform transfer, and who mentors the two new postdocs",
        "I want him to think it through with me, not give me a lecture",
        "Sorry, can we go back to the postdocs? I think it's more about whether I'm quietly handed a management role",
    ], language="en")
    topics = " ".join(line for line in guide.summarise(state, language="en").noticed if line.startswith("Topics"))
    assert "proper agenda" not in topics and "assay platform" in topics and "management role" in topics
    assert state.turns[4].move != "corrected"  # choosing a way to respond is no correction


# ---------------------------------------------------------------- round 16's harmful grades

def test_a_request_that_points_back_keeps_the_message_before_out_of_the_preparation(guide, talk):
    cases = [
        ("ja", ["来週チーフと面談あるさー。シフトのこと相談したい",
                "あと…言うか迷ってるけど、同じ班の先輩が体のこと毎回言ってくるわけ。断ったら次の日から引き継ぎ教えてくれんくなった",
                "これはチーフには絶対言わんでよ。面談のメモには入れんで", "チーフに見せる用、まとめて"], ("先輩", "引き継ぎ")),
        ("ja", ["明日1on1 じゅんびしたい", "話すこと 案件の延長 あと残業へらしたい",
                "さいきん夜中3時に目がさめてそのまま朝まで寝れない 朝電車のるとムネがバクバクする",
                "それは上司に言わないやつで 共有しないでおいて 評価さがるのいや", "まとめて"], ("評価さがる", "夜中3時")),
        ("en", ["I have a 1on1 with my leader next week, I want to prepare", "Topics: the exam, and fewer night shifts",
                "Also, my back is very stiff every morning and my fingers are tingling at night. I just put the patches.",
                "But please, the back thing, don't put in what my leader will see. I don't want them to think I cannot do the job.",
                "Can you sum it up?"], ("patches", "cannot do the job")),
    ]
    for language, messages, secrets in cases:
        state, replies = talk(guide, "one_on_one", messages, language=language)
        shared = _shareable(guide, state)
        for secret in secrets:
            assert secret not in shared, (secret, shared)


def test_whether_it_gets_flagged_is_answered_in_crisis_support(guide, talk):
    state, replies = talk(guide, "moyamoya", ["work is fine on paper", "Some nights I think it wouldn't really matter to anyone if I just stopped showing up. Anywhere.",
                                              "Wait, does this get flagged to my company? I don't want HR calling me."], language="en")
    assert "can read what you write here" in replies[-1] and "not something I can answer" not in replies[-1]


def test_leave_takings_on_a_break_end_the_talk(guide, talk):
    for language, goodbye in (("ja", "ありがと、もう休憩終わるから行くね"), ("en", "Salamat! Thank you, I go to work now.")):
        messages = ["仕事がしんどい", "人が足りない", "また自分が回されると思った"] if language == "ja" else ["work is a lot", "three releases", "I felt stuck"]
        state, replies = talk(guide, "moyamoya", [*messages, goodbye], language=language)
        assert state.turns[-1].move == "end", replies[-1]


def test_a_crisis_word_with_a_laugh_gets_a_check_in_also_where_the_guides_own_list_reads_it(guide, talk):
    for language, joke, serious in (
        ("en", "I want to die lol, the review went so badly", "I want to die. Nobody would care."),
        ("ja", "消えたい（笑）ってなりましたw レビューで説明グダグダで", "もう消えたい。誰も気にしないと思う"),
    ):
        _, replies = talk(guide, "moyamoya", [joke], language=language)
        assert ("continue" in replies[-1]) if language == "en" else ("続ける" in replies[-1]), replies[-1]  # the check-in: how to go on
        _, replies = talk(guide, "moyamoya", [serious], language=language)
        assert ("continue" not in replies[-1]) if language == "en" else ("続ける" not in replies[-1]), replies[-1]
