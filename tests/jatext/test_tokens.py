"""Tokens, key words and reflection cues for the guide engine (jatext.tokens)."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from jatext.tokens import Token, cues, keywords, tokenize, warm_up


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


PROJECT_ROOT = Path(__file__).resolve().parents[2]


# ----------------------------------------------------------------------------------- tokenize
def test_tokenize_gives_surface_dictionary_form_and_pos() -> None:
    tokens = tokenize("辞めたいです")
    assert tokens[0] == Token(
        surface="辞め",
        dictionary_form="辞める",
        pos=tokens[0].pos,
        is_person_name=False,
        begin=0,
        end=2,
        is_oov=False,
    )
    assert tokens[0].pos[0] == "動詞"
    assert [t.surface for t in tokens] == ["辞め", "たい", "です"]


def test_person_names_are_flagged() -> None:
    names = [t.surface for t in tokenize("上司の山本さんと佐々木健太さんに相談した。") if t.is_person_name]
    assert names == ["山本", "佐々木", "健太"]


def test_offsets_point_into_the_original_text_even_with_full_width_characters() -> None:
    text = "ＡＢＣ社の　佐藤さん"
    for token in tokenize(text):
        assert text[token.begin : token.end] == token.surface


def test_text_longer_than_sudachis_input_limit_is_tokenized_in_chunks() -> None:
    text = "今日は会社で上司と話した。" * 6000  # 78,000 characters, ~234 KB in UTF-8
    tokens = tokenize(text)
    assert tokens[-1].end == len(text)
    assert all(text[t.begin : t.end] == t.surface for t in tokens[::997])


def test_tokens_are_frozen() -> None:
    token = tokenize("会社")[0]
    with pytest.raises(AttributeError):
        token.surface = "学校"  # type: ignore[misc]


# ----------------------------------------------------------------------------------- keywords
def test_keywords_keep_the_persons_written_shape() -> None:
    words = keywords("本当は異動したいけど、どうしたらいいか迷っている。", limit=5)
    assert "異動したい" in words
    assert "迷っている" in words


def test_keywords_join_compound_nouns_and_names_with_titles() -> None:
    words = keywords("営業部の佐藤課長に人事評価制度のことで詰められた。", limit=5)
    assert "佐藤課長" in words
    assert "人事評価制度" in words


def test_keywords_skip_stop_words_and_function_words() -> None:
    words = keywords("私はこれからどうすればいいのか、ということを思っています。", limit=10)
    for stop in ("私", "これ", "こと", "思っています", "いい", "の", "は"):
        assert stop not in words


def test_keywords_are_deduplicated_and_in_order_of_appearance() -> None:
    words = keywords("キャリアが不安。キャリアの話を上司としたい。不安が消えない。", limit=5)
    assert words.count("キャリア") == 1
    assert words.count("不安") == 1
    assert words.index("キャリア") < words.index("不安") < words.index("上司")


def test_keywords_respect_the_limit() -> None:
    text = "転職、副業、資格、英語、評価、昇進、異動、育休、残業、給料について考えている。"
    assert len(keywords(text, limit=3)) == 3
    assert keywords(text, limit=0) == []


def test_feeling_words_win_when_there_are_more_candidates_than_the_limit() -> None:
    words = keywords("会議、資料、評価、予算、出張、研修のことでモヤモヤしている。", limit=2)
    assert any("モヤモヤ" in word for word in words)


def test_one_on_one_stays_one_word() -> None:
    assert "1on1" in keywords("1on1で上司に相談したい。", limit=5)


def test_english_keywords_use_a_plain_word_split() -> None:
    words = keywords("I feel stuck in my current role and I'm worried about the reorg.", limit=5)
    assert words[0] == "stuck"
    assert "worried" in words
    assert "the" not in words and "I'm" not in words


def test_empty_text_has_no_keywords() -> None:
    assert keywords("") == []
    assert keywords("   \n") == []


def test_keywords_on_a_200_character_sentence_are_fast_after_warm_up() -> None:
    warm_up()
    sentence = (
        "最近、営業部の佐藤課長との1on1がうまくいかなくてモヤモヤしています。本当は新しいプロジェクトに挑戦したいけど、"
        "評価が下がるのが不安で言い出せません。同期はどんどん昇格していて焦りもあります。どうしたらいいのかわからないです。"
        "来月の面談までに自分の強みを整理して、やりたいことを伝えられるようにしたいと思っています。"
        "家族にも相談したけれど、結局は自分で決めるしかないので、まずは小さな一歩から始めてみます。"
    )[:200]
    assert len(sentence) == 200
    keywords(sentence)
    timings = []
    for _ in range(50):
        start = time.perf_counter()
        keywords(sentence)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005


# --------------------------------------------------------------------------------------- cues
@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("どうしたらいいかわからない。", "unsure"),
        ("異動するか迷っています。", "unsure"),
        ("分からないことだらけです。", "unsure"),
        ("でも、上司には言えない。", "but"),
        ("やりたいけど時間がない。", "but"),
        ("仕事は好きです。ただ、給料に不満がある。", "but"),
        ("とはいえ、今すぐ辞めるのは怖い。", "but"),
        ("本当は営業がやりたい。", "really"),
        ("ほんとは休みたい。", "really"),
        ("実は転職を考えています。", "really"),
        ("将来が不安です。", "feeling"),
        ("モヤモヤが続いている。", "feeling"),
        ("毎日つらい。", "feeling"),
        ("新しいチームが楽しい。", "feeling"),
        ("I don't know what to do.", "unsure"),
        ("I like my job, but the hours are long.", "but"),
        ("Honestly, I want to move to design.", "really"),
        ("I'm anxious about the review.", "feeling"),
    ],
)
def test_cue_is_detected(text: str, cue: str) -> None:
    assert cue in cues(text)


def test_でも_inside_a_phrase_is_not_a_but_cue() -> None:
    assert "but" not in cues("コーヒーでも飲みながら話しましょう。")


def test_ただ_meaning_just_is_not_a_but_cue() -> None:
    assert "but" not in cues("ただ話を聞いてほしい。")


def test_feeling_word_inside_a_compound_is_found() -> None:
    assert "feeling" in cues("将来への不安感がある。")


def test_plain_statement_has_no_cues() -> None:
    assert cues("来週の会議の資料を作成した。") == set()


# -------------------------------------------------------------------------- threads, isolation
def test_tokenizer_is_safe_to_use_from_many_threads() -> None:
    text = "営業部の佐藤課長に毎日詰められてつらいです。でも本当は辞めたくない。"
    expected = keywords(text)

    def work(_: int) -> list[str]:
        return keywords(text)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(200)))
    assert all(result == expected for result in results)


def test_jatext_does_not_import_django_or_kabeuchi() -> None:
    code = (
        "import sys\n"
        "import jatext.tokens, jatext.safety, jatext.pii, jatext.evaluate, jatext.evaluate_pii, jatext.normalize\n"
        "jatext.tokens.keywords('テスト')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'kabeuchi'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
