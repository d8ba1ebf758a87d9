"""Readings of people's sentences are remembered for one reply or summary, never past it."""

import gc

from jatext import memo, phrases
from kabeuchi.coach.engines import get_engine
from kabeuchi.coach.engines import guide as guide_module

CANARY = "カナリア課長に企画を否定されて、正直まだ腹が立っています。"


def _objects_holding(text: str) -> int:
    """How many live objects refer to a string containing ``text`` (strings are not tracked by
    the collector, so their holders are: dicts, tuples, lists, frames, slotted objects)."""
    gc.collect()
    count = 0
    for obj in gc.get_objects():
        for referent in gc.get_referents(obj):
            if type(referent) is str and referent is not text and text in referent:
                count += 1
                break
    return count


def test_a_scope_remembers_readings_and_drops_them_when_it_ends():
    with memo.scope():
        first = phrases.phrases(CANARY)
        assert memo.held() >= 1
        assert phrases.phrases(CANARY) == first
        with memo.scope():  # a scope inside a scope shares the outer one
            assert memo.held() >= 1
    assert memo.held() == 0
    assert phrases.phrases(CANARY) == first  # outside a scope: computed afresh, same answer


def test_the_digest_cache_holds_no_words():
    calls = []

    @memo.by_digest(4)
    def length(text: str, mode: str) -> tuple[float, ...]:
        calls.append(text)
        return (float(len(text)),)

    assert length(CANARY, "question") == length(CANARY, "question") == (float(len(CANARY)),)
    assert len(calls) == 1  # the second call came from the cache
    assert all(isinstance(key, bytes) and CANARY.encode() not in key for key in length.kept)
    for n in range(5):
        length(f"{n}", "question")
    assert len(length.kept) == 4  # bounded


def test_no_sentence_of_a_conversation_stays_in_memory_after_its_reply_and_summary():
    guide = get_engine("guide")
    # made at run time, so no code constant holds the sentence (only its two halves)
    canary = "".join(["ずっと言えなかったけど、カナリア", "課長との面談が本当につらかったです。"])
    state = guide.start("moyamoya", language="ja")
    reply = "".join(guide.stream_reply(state, canary, language="ja"))
    state = guide.record(state, canary, reply, language="ja")
    guide.summarise(state, language="ja")
    # the decision kept for record was taken out by it
    assert not any(canary in key[1] for key in guide._cache)
    del state, reply, canary
    assert _objects_holding("".join(["カナリア", "課長との面談"])) == 0, "a sentence of the talk is still held after its reply"
    assert guide_module._intent_probabilities.kept  # the intent cache holds digests only
