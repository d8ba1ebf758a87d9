"""jatext.privacy_q on the blind sets (written by a helper who read only PRODUCT.md): the development
set it was built on, and the held-aside set measured once and never tuned on. The floors are the
measured figures, so a change that reads fewer questions or more look-alikes fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from jatext.privacy_q import asks_about_privacy

DATA = Path(__file__).resolve().parents[2] / "jatext" / "data"


def _figures(name: str) -> tuple[int, int, int, int]:
    rows = [line.split("\t") for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    asked = [r[2] for r in rows if r[1] == "asks_privacy"]
    other = [r[2] for r in rows if r[1] != "asks_privacy"]
    return sum(map(asks_about_privacy, asked)), len(asked), sum(map(asks_about_privacy, other)), len(other)


@pytest.mark.parametrize(("name", "least_found", "most_false"), [
    ("privacy_q_blind_dev.tsv", 75, 0),  # built on it: 75/75, 0/75
    ("privacy_q_blind_held.tsv", 57, 6),  # held aside, measured once: 57/75, 6/75
])
def test_the_blind_sets(name, least_found, most_false):
    found, asked, false, other = _figures(name)
    assert (asked, other) == (75, 75)
    assert found >= least_found and false <= most_false, (found, false)


@pytest.mark.parametrize("text", [
    "てかここで話したことってセンター長に通知いったりする？？",
    "This is saved? who can read? my leader can read?",
    "quick q — does HR see any of this? like if they pull usage reports or whatever",
    "恐れ入りますが、ここでの入力内容は人事課に共有されることはございますか。",
])
def test_round_25s_questions_are_read(text):
    assert asks_about_privacy(text)


@pytest.mark.parametrize("text", [
    "副業って会社にバレますか？",  # another activity: for the company's rules to say
    "今日は決めない！あと主任の話、面談で『売場に立つ時間ってどれくらい残る？』って聞いてみる",  # quoted
    "会社のプログラムにPythonの講座があるんですが、いきなりそっちに行った方がいいんでしょうか。",  # プログラム holds ログ
    "これは課長には見せないで",  # a request
    "Can you correct my Japanese report if I paste here?",
])
def test_look_alikes_are_not(text):
    assert not asks_about_privacy(text)
