"""jatext.preview: a request to see what the manager would see of a 1on1 preparation.

The figures come from two blind sets (``jatext/data/manager_view_blind_{dev,held}.tsv``, written by
someone who read only PRODUCT.md and COACHING.md): the reader was built on the first and measured
once on the second (docs/coaching.md, twelfth session). The floors below are those measurements,
so a change that reads fewer requests, or reads one where there is none, fails. The sentences in
the parametrised tests are new, from no corpus or data file."""

from __future__ import annotations

from pathlib import Path

import pytest

from jatext.preview import asks_for_manager_view

DATA = Path(__file__).resolve().parents[2] / "jatext" / "data"


@pytest.mark.parametrize("text", [
    "所長に行くほうの中身、念のため見せてもらっていいですか",
    "センター長が読むことになる部分、いまどうなっとるか教えて。見せて",
    "グループ長向けの版だけ出してください🙏",
    "Before I hit share, can you show me the bit my team lead would see?",
    "What would Priya actually see right now? Show me.",
])
def test_requests_to_see_the_managers_part_are_read(text):
    assert asks_for_manager_view(text)


@pytest.mark.parametrize("text", [
    "所長には家のことは見せないでください",
    "先週、部長が新しい組織図を見せてくれました",
    "当日は課長に工程表を見せるつもりです",
    "このアプリ、上司に見られたりしませんか？",
    "ここまでの内容をまとめてください",
    "Please don't show the bit about my health to my lead.",
    "Can my manager read what I write here?",
])
def test_other_messages_are_not(text):
    assert not asks_for_manager_view(text)


def _rates(path: Path) -> tuple[float, int]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    view = [r[2] for r in rows if r[0] == "view"]
    other = [r[2] for r in rows if r[0] != "view"]
    return sum(map(asks_for_manager_view, view)) / len(view), sum(map(asks_for_manager_view, other))


@pytest.mark.parametrize(("name", "recall_floor"), [
    ("manager_view_blind_dev.tsv", 1.0),   # built on it: 75 of 75, 0 of 90 other
    ("manager_view_blind_held.tsv", 0.8),  # held aside, measured once: 60 of 75, 0 of 90 other
])
def test_the_blind_sets_read_as_measured(name, recall_floor):
    recall, false = _rates(DATA / name)
    assert recall >= recall_floor
    assert false == 0


@pytest.mark.parametrize("text", [
    "can i check what bucho-san will get from this?",
    "what does Tencho see of this, can you show me",
])
def test_a_japanese_title_in_romaji_is_the_manager(text):
    """R41-03 ("show me what kacho will see", twenty-third session): English readers knew manager,
    boss and lead, not a Japanese title written in romaji."""
    assert asks_for_manager_view(text)


@pytest.mark.parametrize("text", [
    "i dont want kacho to see the part about my visa",
    "bucho said the reorg plan comes next month",
])
def test_a_title_in_romaji_without_a_request_to_show_is_no_request(text):
    assert not asks_for_manager_view(text)
