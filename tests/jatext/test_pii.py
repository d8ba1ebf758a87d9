"""Reversible PII redaction (jatext.pii) and its measured recall."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jatext.evaluate import DEVELOPMENT_SET
from jatext.evaluate import load_cases as load_safety_cases
from jatext.evaluate_pii import PII_CASES, PII_HOLDOUT, evaluate, load_cases, parse_line
from jatext.pii import redact


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


def originals(text: str, extra_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(entity.kind, entity.original) for entity in redact(text, extra_names).entities]


# ------------------------------------------------------------------------------------- names
def test_surname_before_a_title_is_replaced_and_the_title_is_kept() -> None:
    result = redact("営業部の佐藤課長に毎日詰められてつらいです。")
    assert result.text == "営業部の［人名1］課長に毎日詰められてつらいです。"


def test_the_same_name_gets_the_same_placeholder() -> None:
    result = redact("佐藤さんに相談した。佐藤さんは優しい。")
    assert result.text == "［人名1］さんに相談した。［人名1］さんは優しい。"


def test_different_people_get_different_numbers_in_order_of_appearance() -> None:
    result = redact("鈴木さんと高橋さんと鈴木さん")
    assert result.text == "［人名1］さんと［人名2］さんと［人名1］さん"


def test_full_name_written_with_a_space_is_one_person() -> None:
    assert originals("渡辺 美咲さんのチームに移りたい。") == [("person", "渡辺 美咲")]


def test_unknown_name_before_an_honorific_is_redacted() -> None:
    assert originals("Emily Chenさんが私のメンターです。") == [("person", "Emily Chen")]
    assert ("person", "久保田") in originals("久保田くんの指導を任された。")


def test_surname_that_is_also_a_place_is_a_person_before_さん() -> None:
    assert originals("千葉さんとは前の部署で一緒だった。") == [("person", "千葉")]


@pytest.mark.parametrize(
    "text",
    [
        "営業部長に相談したいけど、人事部長にも話すべきか迷う。",
        "お客さんから感謝のメールが届いた。",
        "デザイナーさんとエンジニアさんの間で板挟みになっている。",
        "大阪支店長が来月交代する。",
        "誠に申し訳ありません。",
        "Will I get promoted in May?",
        # a title that is only the start of a longer word
        "3人全員が野球殿堂入りを果たした。",
        "申請様式を変更しました。",
        "顧客氏名を入力してください。",
        "社内の欧州選手権に出た。",
        # ちゃんと and さん付け are not honorifics
        "資料ちゃんと見てね。",
        "全員さん付けで呼ぶ職場です。",
        # an organisation or a title before a title
        "日本医師会会長と意見交換した。",
        "文学座代表が挨拶した。",
        "成蹊大学教授の講演を聞いた。",
        "「王子様、王女様」と呼ばれた。",
    ],
)
def test_job_titles_departments_and_ordinary_words_are_not_names(text: str) -> None:
    assert redact(text).text == text


def test_a_short_reading_in_katakana_needs_a_title_like_its_hiragana() -> None:
    directory = Directory([("山口 桜", "やまぐち さくら")])
    assert redact("サクラが満開。", directory).text == "サクラが満開。"
    assert redact("サクラさんに聞いた。", directory).text == "［人名1］さんに聞いた。"


def test_organisation_dictionary_catches_nicknames() -> None:
    assert redact("たなっちにいつも愚痴を聞いてもらっている。", extra_names=["たなっち"]).text == (
        "［人名1］にいつも愚痴を聞いてもらっている。"
    )


def test_organisation_full_name_also_matches_without_the_space_and_by_its_parts() -> None:
    names = ("四月一日 陽子",)
    assert originals("四月一日陽子さんが上司です。", names) == [("person", "四月一日陽子")]
    assert originals("四月一日さんが上司です。", names) == [("person", "四月一日")]


def test_english_names_after_courtesy_titles_and_roles() -> None:
    assert ("person", "Tanaka") in originals("I talked to Ms. Tanaka about my transfer.")
    assert ("person", "John Smith") in originals("My manager John Smith keeps interrupting me.")
    assert ("person", "Sato") in originals("Sato-san asked me to lead the project.")


# ---------------------------------------------------------------------- e-mail, phone, IDs
@pytest.mark.parametrize(
    "address",
    ["taro.tanaka@example.co.jp", "hanako_s+work@example.com", "ＹＡＭＡＤＡ＠ＥＸＡＭＰＬＥ．ＣＯＭ"],
)
def test_email_addresses_are_redacted(address: str) -> None:
    result = redact(f"連絡先は{address}です。")
    assert result.text == "連絡先は［メール1］です。"
    assert result.restore(result.text) == f"連絡先は{address}です。"


@pytest.mark.parametrize(
    "number",
    [
        "03-1234-5678",
        "090-1234-5678",
        "080 1234 5678",
        "09012345678",
        "0120-123-456",
        "0800-123-4567",
        "0570-012-345",
        "+81-90-1234-5678",
        "+81 3 1234 5678",
        "(06)1234-5678",
        "03(1234)5678",
        "０９０－１２３４－５６７８",
        "090ー1234ー5678",
        "内線1234",
        "内線：1234",
        "（０３）１２３４－５６７８",
        "+81 (0)3 1234 5678",
        "+819012345678",
    ],
)
def test_japanese_phone_formats_are_redacted(number: str) -> None:
    assert redact(f"電話は{number}です。").text == "電話は［電話1］です。"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Call (415) 555-0134 after nine.", "(415) 555-0134"),
        ("US office: 415-555-0134.", "415-555-0134"),
        ("上海は+86-21-5555-0123です。", "+86-21-5555-0123"),
        ("London +44 20 7946 0958", "+44 20 7946 0958"),
        ("He is on +1 (415) 555-0134 today.", "+1 (415) 555-0134"),
        ("My desk is ext. 1234 now.", "ext. 1234"),
        ("携帯：090 1234 5678", "090 1234 5678"),
        ("TEL 06(1234)5678", "06(1234)5678"),
    ],
)
def test_foreign_phone_shapes_extensions_and_labelled_numbers_are_redacted(text: str, number: str) -> None:
    found = [e.original for e in redact(text).entities if e.kind == "phone"]
    assert found == [number]


def test_phone_number_at_the_end_of_an_english_sentence_is_redacted() -> None:
    assert redact("Call me at 090-1234-5678.").text == "Call me at ［電話1］."


@pytest.mark.parametrize(
    "text",
    [
        "締め切りは2024-01-15です。",
        "予算は1,234,567円です。",
        "郵便番号は100-0001です。",
        "受付番号は20240315-001です。",
        "会議は10:30-11:30です。",
        "1990-2000年の統計",
        "郵便番号123-4567",
        "背番号10の選手",
        "3 x 10 の表",
    ],
)
def test_dates_amounts_and_postal_codes_are_not_phone_numbers(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("社員番号12345の人事データ", "社員番号［社員番号1］の人事データ"),
        ("社員ID: A1234でログインできない", "社員ID: ［社員番号1］でログインできない"),
        ("社員コード：B7721", "社員コード：［社員番号1］"),
        ("EMP-12345の評価シート", "［社員番号1］の評価シート"),
        ("社員番号E123456で申請", "社員番号［社員番号1］で申請"),
        ("My employee ID is 44821.", "My employee ID is ［社員番号1］."),
        ("社員ID 2019-0456の権限", "社員ID ［社員番号1］の権限"),
        ("社員No. 4471の件", "社員No. ［社員番号1］の件"),
        ("従業員コード AB-3321", "従業員コード ［社員番号1］"),
        ("AB-12345とS-0042", "［社員番号1］と［社員番号2］"),
        ("K0045-1の異動", "［社員番号1］の異動"),
        ("badge E20417 broke", "badge ［社員番号1］ broke"),
    ],
)
def test_employee_ids_are_redacted(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "S4000は名機",
        "品番A-1234の在庫",
        "NS32032を開発",
        "GPT-4で試す",
        "COVID-19の影響",
        "発注番号PO-20240315を送付。",
        "エラーコードE-1001が出た。",
        "シリアル番号SN-12345678",
        "伝票番号 123-456-7890",
        "Meeting ID 815 2234 7781; the passcode is in the invite.",
        "Ticket INC-20481 was closed.",
    ],
)
def test_model_numbers_are_not_employee_ids(text: str) -> None:
    assert redact(text).text == text




def test_email_wins_over_the_surname_inside_it() -> None:
    assert originals("Ken.Ito@Example.orgは伊藤さんのアドレスです。") == [
        ("email", "Ken.Ito@Example.org"),
        ("person", "伊藤"),
    ]


# ----------------------------------------------------------------------------------- restore
def test_restore_puts_originals_back_even_when_the_model_repeats_them() -> None:
    result = redact("佐藤課長と鈴木さんの件です。")
    reply = "［人名1］課長のこと、［人名1］課長に伝える前に［人名2］さんとも話しましょう。［人名1］課長は…"
    assert (
        result.restore(reply) == "佐藤課長のこと、佐藤課長に伝える前に鈴木さんとも話しましょう。佐藤課長は…"
    )


def test_restore_accepts_the_bracket_and_digit_variants_models_produce() -> None:
    result = redact("佐藤さんと鈴木さん")
    assert result.restore("[人名1]と【人名 2】と［人名１］") == "佐藤と鈴木と佐藤"


def test_restore_never_shows_a_placeholder_that_was_never_issued() -> None:
    result = redact("佐藤さん")
    assert result.restore("［人名1］さんと［人名7］さん") == "佐藤さんとその方さん"


def test_repr_does_not_leak_the_originals() -> None:
    result = redact("佐藤さんの電話は090-1234-5678です。")
    assert "佐藤" not in repr(result)
    assert "090" not in repr(result)
    assert "佐藤" not in repr(result.entities[0])


def test_entity_offsets_point_at_the_original_text() -> None:
    text = "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍと佐藤さん"
    for entity in redact(text).entities:
        assert text[entity.start : entity.end] == entity.original


def test_text_without_pii_is_unchanged() -> None:
    text = "来週の1on1で、キャリアの方向性について話したいです。"
    result = redact(text)
    assert result.text == text
    assert result.entities == ()
    assert result.restore(text) == text


_PLACEHOLDER_LIKE = re.compile(r"[［\[【〔]\s*(?:人名|メール|電話|社員番号)")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "佐藤さん",
                "と",
                "、",
                "課長の",
                "090-1234-5678",
                "です。",
                "a.b@example.com",
                "社員番号12345",
                "山田",
                " ",
                "x",
            ]
        ),
        max_size=20,
    ).map("".join)
    | st.text(max_size=200)
)
def test_restore_of_the_redacted_text_gives_back_the_original(text: str) -> None:
    if _PLACEHOLDER_LIKE.search(text):
        return  # text that already contains placeholders is outside the contract (docs/pii.md)
    result = redact(text)
    assert result.restore(result.text) == text


# ------------------------------------------------------------------------------ measurements
def test_labelled_set_has_at_least_80_sentences_with_pii() -> None:
    cases = load_cases(PII_CASES)
    assert sum(1 for case in cases if case.expected) >= 80


def test_markup_parser_gives_exact_spans() -> None:
    case = parse_line("\t{{佐藤|person}}課長に{{090-1234-5678|phone}}で連絡", 1)
    assert case.text == "佐藤課長に090-1234-5678で連絡"
    assert [(s.kind, case.text[s.start : s.end]) for s in case.expected] == [
        ("person", "佐藤"),
        ("phone", "090-1234-5678"),
    ]


def test_pii_recall_on_the_labelled_set_stays_at_the_measured_level() -> None:
    # docs/pii.md: hidden recall person 0.971, e-mail/phone/employee ID 1.0, overall 0.981,
    # precision 1.0.  A small margin keeps the test about regressions, not one sentence.
    report = evaluate(PII_CASES)
    assert report.per_type["person"].hidden_recall >= 0.94
    for kind in ("email", "phone", "employee_id"):
        assert report.per_type[kind].hidden_recall == 1.0, kind
    assert report.overall.hidden_recall >= 0.96
    assert report.precision >= 0.97


def test_pii_recall_on_the_holdout_set_stays_at_the_measured_level() -> None:
    # docs/pii.md: 0.884 when first measured, 0.977 after the fixes it prompted.
    report = evaluate(PII_HOLDOUT)
    assert report.overall.hidden_recall >= 0.95
    assert report.precision >= 0.97


def test_ordinary_workplace_sentences_are_almost_never_redacted() -> None:
    texts = [case.text for case in load_safety_cases(DEVELOPMENT_SET)]
    redacted = [text for text in texts if redact(text).entities]
    # One known false redaction: 清水 in the idiom 清水の舞台から飛び降りる (docs/pii.md).
    assert len(redacted) <= 2, redacted


# ------------------------------------------------------------- sessions and streamed restoring
from jatext.pii import Directory, Pseudonymizer, StreamRestorer, detect, restore_placeholders  # noqa: E402

BRACKET_FORMS = ("［{}］", "[{}]", "【{}】", "〔{}〕", "（{}）", "{}", "［ {} ］", "[{}")


@pytest.mark.parametrize("form", BRACKET_FORMS)
def test_a_streamed_placeholder_is_restored_in_every_bracket_form_at_every_split_point(form: str) -> None:
    mapping = {"［人名1］": "田中", "［メール1］": "t@example.com", "［電話12］": "090-1234-5678"}
    for label, original in (("人名1", "田中"), ("メール1", "t@example.com"), ("電話12", "090-1234-5678")):
        reply = "はい、" + form.format(label) + "さんですね。"
        expected = "はい、" + original + "さんですね。"
        for cut in range(len(reply) + 1):
            for second in range(cut, len(reply) + 1):
                restorer = StreamRestorer(mapping)
                shown = [restorer.feed(reply[:cut]), restorer.feed(reply[cut:second]), restorer.feed(reply[second:])]
                shown.append(restorer.flush())
                assert "".join(shown) == expected, (form, cut, second)
                assert not any(re.search(r"(人名|メール|電話)\s*\d", piece) for piece in shown)


def test_a_stream_cut_into_single_characters_never_shows_a_placeholder() -> None:
    restorer = StreamRestorer({"［人名1］": "相田", "［人名2］": "馬場"})
    reply = "【人名1】さんと人名2課長、［人名 ２］さん、[人名1]。"
    shown = [restorer.feed(c) for c in reply] + [restorer.flush()]
    assert "".join(shown) == "相田さんと馬場課長、馬場さん、相田。"


def test_each_message_gets_the_same_spans_alone_or_among_others() -> None:
    messages = ["佐藤が来た。", "グエン・ヴァン・ナムさんと話した。", "高橋部長と tanaka@example.com で", "林さん"]
    alone = [[(s.kind, s.start, s.end) for s in detect(m)] for m in messages]
    session = Pseudonymizer()
    redacted = session.redact_many(messages)
    for message, spans, text in zip(messages, alone, redacted, strict=True):
        for _kind, start, end in spans:
            assert message[start:end] not in text


def test_the_same_person_gets_one_placeholder_across_texts_and_forms() -> None:
    session = Pseudonymizer(Directory([("相田 愛子", "あいだ あいこ", "Aiko Aida")]))
    texts = session.redact_many(["相田さんが", "愛子さんと", "相田愛子課長", "Aidaさん", "あいださん"])
    assert texts == ["［人名1］さんが", "［人名1］さんと", "［人名1］課長", "［人名1］さん", "［人名1］さん"]
    other = session.redact_many(["田中太郎さんが来て、田中が言った"])
    assert other == ["［人名2］さんが来て、［人名2］が言った"]
    assert session.restore("［人名1］さん") == "相田さん"


def test_a_name_found_in_one_message_is_hidden_in_another() -> None:
    session = Pseudonymizer()
    assert session.redact_many(["久保田くんが", "久保田が言った"]) == ["［人名1］くんが", "［人名1］が言った"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("E12345", "employee_id"), ("S-0042", "employee_id"), ("社員番号１２３４５", "employee_id"), ("ＥＭＰ－００４２", "employee_id"),
     ("０９０－１２３４－５６７８", "phone"), ("ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "email")],
)
def test_ids_phones_and_emails_in_every_width_are_found(text: str, kind: str) -> None:
    assert kind in {s.kind for s in detect(f"連絡先は{text}です。")}


def test_bare_counted_words_are_not_taken_for_placeholders() -> None:
    mapping = {"［電話1］": "090-1234-5678", "［メール2］": "a@example.com"}
    assert restore_placeholders("電話1本とメール2通、電話1へ", mapping) == "電話1本とメール2通、090-1234-5678へ"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a full name found once hides its parts where they come back in the same text
        ("田端正広が当選したが、翌年は中島が田端を破った。", {"田端正広", "中島", "田端"}),
        ("メリッサ・ブリムと口論になり、ブリムが通報した。", {"メリッサ・ブリム", "ブリム"}),
        # a name right after a role word
        ("教授ヨハネス・クリングラーに師事した。", {"ヨハネス・クリングラー"}),
        ("秘書であったアリステアの回想では、酋長ソラノが土地を得た。", {"ソラノ"}),
        # Chinese and Korean names the dictionary does not know
        ("朴槿恵には影が付きまとった。", {"朴槿恵"}),
    ],
)
def test_names_found_by_repetition_role_words_and_surnames(text: str, names: set[str]) -> None:
    found = {e.original for e in redact(text).entities if e.kind == "person"}
    assert names <= found


@pytest.mark.parametrize(
    "text",
    [
        "フランスの大統領・イギリスの首相が会談した。",  # a country after a role is not a name
        "「ローベルト・ヴァルザー協会」が発足した。",
    ],
)
def test_repetition_and_role_words_do_not_take_places_or_organisations(text: str) -> None:
    found = {e.original for e in redact(text).entities}
    assert not found & {"イギリス", "ローベルト", "ローベルト・ヴァルザー"}


@pytest.mark.parametrize(
    "text",
    [
        "店長が「常連さんだから」って取り合ってくれない。",  # a common noun that is never a surname
        "「いいよね妊婦様は」って言われる。",
        "ご愁傷様です。",
        "ワンちゃんを飼い始めた。",
        "上司のモラハラがひどい。",  # a role word, の, and a katakana word that is a thing
        "Last night I could not sleep.",  # capitalised only because it starts the sentence
        "Read an article on burnout today.",
        "I told my boss I'm pregnant.",
        "Tonight I'm going to rest.",
        "Okay. I'll call them after dinner.",
        "Shinitai. Nihongo de kaku no ga kowai.",
        "The Jordan office is closing.",
        "Our Austin team is hiring.",
        "Ask Legal before signing.",
    ],
)
def test_common_words_in_name_positions_are_left(text: str) -> None:
    assert redact(text).text == text


def test_a_surname_that_is_also_a_word_still_counts_before_an_honorific() -> None:
    assert redact("大橋様と中島さんが来た。").text == "［人名1］様と［人名2］さんが来た。"
    assert redact("Jessica said the Jordan office is closing.").text.startswith("［人名1］ said")


def test_a_surname_that_is_a_place_is_left_where_a_place_goes() -> None:
    directory = Directory([("石川 剛", "いしかわ つよし"), ("上野 陽介", "うえの ようすけ"), ("グエン・ヴァン・ミン",)])
    for text in ("石川に出張することになった。", "山口の支社に異動の内示が出た。", "ヴァンで移動した。", "春日大社にお参りした。"):
        assert redact(text, directory).text == text
    assert redact("上野 陽介さん、上野の出身ではないそうです。", directory).text == "［人名1］さん、上野の出身ではないそうです。"
    # the same words as people
    assert redact("石川に任せよう。", directory).text == "［人名1］に任せよう。"
    assert redact("上野さんの出身は？", directory).text == "［人名1］さんの出身は？"


@pytest.mark.parametrize(
    "text",
    [
        "ペットが亡くなって悲しい。",
        "特に話したいテーマがあるわけじゃないけど、誰かと話したくて。",
        "文章は、社内報の記事を何回か書いたくらい。",
    ],
)
def test_ordinary_words_as_the_subject_of_a_verb_are_not_names(text: str) -> None:
    assert redact(text).text == text


def test_an_unknown_subject_of_a_life_event_or_an_occupation_is_a_name() -> None:
    assert "シャマラン" not in redact("インタビューで、シャマランはその可能性を否定した。").text
    assert "テンプル" not in redact("テンプルは土木技師であり、鉄道の測量士だった。").text


def test_a_company_the_dictionary_knows_is_not_a_name_before_さん() -> None:
    for company in ("日立", "電通", "資生堂"):
        assert redact(f"{company}さんとの打ち合わせ").text == f"{company}さんとの打ち合わせ"
    for surname in ("千葉", "野村", "久保田"):
        assert redact(f"{surname}さんとの打ち合わせ").text == "［人名1］さんとの打ち合わせ"


def test_a_chain_that_opens_with_a_word_that_is_never_a_name_is_not_a_person() -> None:
    assert "パルム・ドール" in redact("カンヌでパルム・ドールを受賞した。").text
    assert "グレッグ・レモン" not in redact("グレッグ・レモンが優勝した。").text


def test_a_made_up_nickname_that_is_a_word_is_not_added() -> None:
    directory = Directory([("坂井 誠", "さかい まこと"), ("上 恵", "うえ めぐみ"), ("佐々木 美穂", "ささき みほ")])
    assert redact("昨日サッカーを見た。", directory).text == "昨日サッカーを見た。"
    assert redact("ウエポンを装備した。", directory).text == "ウエポンを装備した。"
    assert redact("ささっちが来た。", directory).text == "［人名1］が来た。"


@pytest.mark.parametrize("suffix", ["印刷", "交通", "企画", "薬局", "整骨院", "教室", "ビル", "クリニック", "モータース", "ラボ"])
def test_a_member_surname_before_a_business_word_is_a_business(suffix: str) -> None:
    directory = Directory([("松本 翔", "まつもと しょう"), ("佐々木 美穂", "ささき みほ")])
    for surname in ("松本", "佐々木"):
        text = f"{surname}{suffix}さんとの取引が終わる。"
        assert redact(text, directory).text == text


@pytest.mark.parametrize("text", ["バグのフィックスが終わった。", "ブラウンのジャケットを買った。", "ジャックを差し込む。"])
def test_a_katakana_word_that_is_also_an_ordinary_word_needs_a_cue(text: str) -> None:
    assert redact(text).text == text


def test_the_same_katakana_word_with_a_cue_is_a_name() -> None:
    assert redact("ブラウンさんに聞いた。").text == "［人名1］さんに聞いた。"
    assert "ジャック" not in redact("ジャック・ブラウンが来日した。").text


def test_a_given_name_after_a_family_word() -> None:
    assert redact("娘のゆいが熱を出した。").text == "娘の［人名1］が熱を出した。"
    assert redact("姉のみどりが来た。").text == "姉の［人名1］が来た。"
    for text in ("母の日にプレゼントを贈った。", "兄の会社が倒産した。", "息子のピアノの発表会に行った。"):
        assert redact(text).text == text


def test_a_word_that_can_be_a_name_is_a_name_as_an_item_of_a_list_of_names() -> None:
    found = {e.original for e in redact("監督は解任され、門田、山内孝徳が引退した。").entities}
    assert {"門田", "山内孝徳"} <= found
    assert redact("議題は予算、人事、開発の三つ。").entities == ()


@pytest.mark.parametrize(
    "text",
    ["We're on the Grace tier of the plan.", "Our Taylor project slipped again.", "We met at the Carol Hotel lobby.", "The Victoria line is down."],
)
def test_a_name_that_names_a_plan_a_place_or_a_project_is_left(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize("frame", ["{}祭りに行った。", "{}方式で進める。", "{}インターで降りる。", "{}川沿いを散歩した。", "{}空港に着いた。"])
def test_a_member_surname_that_names_a_place_or_a_method_is_left(frame: str) -> None:
    directory = Directory([("松本 翔", "まつもと しょう"), ("山口 桜", "やまぐち さくら")])
    for surname in ("松本", "山口"):
        assert redact(frame.format(surname), directory).text == frame.format(surname)


def test_two_and_two_nicknames_from_a_full_reading() -> None:
    directory = Directory([("木村 拓哉", "きむら たくや"), ("松本 潤", "まつもと じゅん"), ("岡 亮介", "おか りょうすけ")])
    for nickname in ("キムタク", "マツジュン", "オカリョー"):
        assert redact(f"{nickname}に聞いてみた。", directory).text == "［人名1］に聞いてみた。"


def test_a_one_kanji_member_surname_before_what_is_said_of_people() -> None:
    directory = Directory([("東 千尋", "あずま ちひろ"), ("林 健太", "はやし けんた"), ("森 由紀子", "もり ゆきこ")])
    assert redact("東から連絡来た？", directory).text == "［人名1］から連絡来た？"
    assert redact("林と二人で残業した。", directory).text == "［人名1］と二人で残業した。"
    for text in ("東から風が吹く。", "森の中を散歩した。", "林の奥にキャンプ場がある。"):
        assert redact(text, directory).text == text


def test_a_given_name_that_is_a_word_counts_when_it_is_introduced_as_a_name() -> None:
    directory = Directory([("池田 勇気", "いけだ ゆうき")])
    assert redact("池田さんって下の名前が「勇気」なんだよね。", directory).text == "［人名1］さんって下の名前が「［人名2］」なんだよね。"
    assert redact("勇気を出して話した。", directory).text == "勇気を出して話した。"


@pytest.mark.parametrize("text", ["乃木坂46の活動に復帰した。", "ASナンシーに移籍した。", "ブルームバーグの記事で報じられた。"])
def test_a_name_that_names_a_group_a_club_or_a_firm_is_left(text: str) -> None:
    assert redact(text).text == text


def test_a_name_with_a_count_after_it_is_still_a_name() -> None:
    assert redact("準決勝は岡本金次郎5段を降した。").text == "準決勝は［人名1］5段を降した。"


@pytest.mark.parametrize(
    "text", ["Google先生に聞いてみた。", "ChatGPT先生に相談した。", "Siriさんに聞いた。", "Slackさんから通知が来た。", "アマゾンさんで買った。", "ネット先生によると違うらしい。"]
)
def test_services_called_さん_or_先生_are_not_people(text: str) -> None:
    assert redact(text).text == text
