"""Round 41 (written blind last session, graded while held aside, now development data): two of its
harmful 1on1 replies, fixed in the twenty-third session.  The sentences here are new, not the
round's; both fail on the code before this session (211db86)."""

from __future__ import annotations

from kabeuchi.coach.engines.guide import kept_from_the_manager
from tests.coach.test_guide_engine import play
from tests.coach.test_guide_round39_keptback import _shared


def test_a_matter_named_by_another_form_of_its_word_is_kept_back(guide):
    """R41-03: "please dont put the pregnancy thing in manager version" after "my wife is pregnant,
    due in august" left the pregnancy in the manager's lines: "pregnancy" was looked for only as
    written."""
    state, _ = play(guide, "one_on_one", [
        "hi. i have 1on1 with my leader next week, can you help",
        "topic 1: too many meetings after the reorg",
        "topic 2 is private. my father is hospitalised, i might need care leave",
        "hmm. please dont put the hospital thing in manager version. I will tell him face to face",
    ], language="en")
    kept = "\n".join(kept_from_the_manager(state))
    assert "my father is hospitalised" in kept, kept
    summary = guide.summarise(state, language="en")
    assert "hospitalised" not in _shared(summary), _shared(summary)
    assert "too many meetings" in _shared(summary)


def test_a_title_in_romaji_asks_for_the_managers_view(guide):
    """R41-03: "show me what kacho will see" was answered '"show me what kacho will see". I will keep
    that here.': an English reader knew manager, boss and lead, not a Japanese title in romaji."""
    _, replies = play(guide, "one_on_one", [
        "I want to talk about my role after the reorg. Nobody told me which part is mine.",
        "can i check what bucho-san will get from this?",
    ], language="en")
    assert "the part your manager could see would hold this" in replies[-1], replies[-1]
