"""No exact count of feedback reaches the people team (issue 11's differencing attacks).

Before this change a released batch showed "12 responses" and exact answer counts (which add up
to the number again).  Knowing who was invited or away, or having made accounts that answered in
a known way, an exact count isolates one person's answer: nine accounts known to have answered
"yes" and a count of one "no" is the tenth person's answer.  Now a batch says only "at least k",
and each answer count is a noisy 95 % range (OpenDP discrete Laplace, ε = 1 for a batch's counts,
the insights release's machinery), drawn once at release and stored noisy.  The first two tests
fail on the old code (exact ``size`` and integer counts).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter

from freezegun import freeze_time

from kabeuchi.org import feedback
from kabeuchi.org.insights import range_for
from kabeuchi.org.models import FeedbackFigures
from kabeuchi.org.release import period_release
from tests.org.test_feedback import _members

SENT = 12  # not a multiple of five, and above k = 10


def _release_a_batch(cast, *, no=3):
    people = _members(cast.sakura, SENT)
    with freeze_time("2026-10-15"):
        for i, user in enumerate(people):
            feedback.feedback_submit(
                user=user, organisation=cast.sakura, safe="no" if i < no else "yes", useful="somewhat",
                comment=f"声その{i}",
            )
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")


def test_the_api_gives_no_exact_number_of_responses_and_only_ranges_for_answers(cast, client_for):
    _release_a_batch(cast)
    with freeze_time("2026-11-03"):
        body = client_for("chika").get("/api/v1/org/feedback").json()
    assert len(body) == 1
    batch = body[0]
    assert "size" not in batch and batch["at_least"] == 10  # k, what the release rule already says
    for tally in batch["tallies"]:
        for answer in tally["counts"]:
            count = answer["count"]
            assert set(count) == {"low", "high"} and count["low"] % 5 == 0 and count["high"] % 5 == 0
            assert count["high"] > count["low"]
    # nothing in the response is the exact number sent or an exact answer count
    numbers = {int(x) for x in re.findall(r"\d+", json.dumps([c["count"] for t in batch["tallies"] for c in t["counts"]]))}
    assert SENT not in numbers and 3 not in numbers and 9 not in numbers


def test_the_pages_show_no_exact_number_of_responses(cast, client_for):
    _release_a_batch(cast)
    with freeze_time("2026-11-03"):
        chika = client_for("chika")
        pages = [chika.get("/org/feedback/").content.decode(), chika.get("/org/insights/").content.decode()]
    listing = pages[0]
    assert "2026-10" in listing and "声その" in listing
    for page in pages:
        text = re.sub(r"<[^>]+>", " ", page)
        assert not re.search(rf"(?<![\d.–-]){SENT}\s*(件|responses?|人)", text), "an exact batch size is shown"
    assert "10" in listing  # "10件以上" / "10 or more responses"


def test_the_noisy_figures_are_drawn_once_at_release_and_stored_without_exact_counts(cast, client_for):
    _release_a_batch(cast)
    stored = FeedbackFigures.objects.get(organisation=cast.sakura, period="2026-10").figures
    assert set(stored) == {"k", "epsilon", "scale", "noisy"} and stored["epsilon"] == 1.0
    first = feedback.feedback_batches(organisation=cast.sakura)
    again = feedback.feedback_batches(organisation=cast.sakura)
    assert [b.tallies for b in first] == [b.tallies for b in again]  # reading again draws no new noise
    assert FeedbackFigures.objects.count() == 1


def test_a_batch_released_before_figures_were_kept_is_noised_once_when_first_read(cast):
    _release_a_batch(cast)
    FeedbackFigures.objects.all().delete()  # as a batch released by the old code
    first = feedback.feedback_batches(organisation=cast.sakura)
    assert FeedbackFigures.objects.count() == 1
    assert [b.tallies for b in feedback.feedback_batches(organisation=cast.sakura)] == [b.tallies for b in first]


def _shown(rows, question="safe", choice="no"):
    figures = feedback.tallies_noised(rows, k=10)
    r = range_for(figures["noisy"][question][choice], scale=figures["scale"])
    return (r.low, r.high)


def test_one_persons_answer_moves_what_is_shown_by_no_more_than_epsilon_allows():
    """The attack with accounts an administrator made: nine known "yes" answers and the target's.
    Whether the target said "no" or "yes", the shown range for "no" has about the same chances:
    every range's probability within e^ε (+ sampling error) of the other world's."""
    trials = 3000
    yes_world = [{"safe": "yes", "useful": "yes"}] * 10
    no_world = [{"safe": "yes", "useful": "yes"}] * 9 + [{"safe": "no", "useful": "yes"}]
    a = Counter(_shown(yes_world) for _ in range(trials))
    b = Counter(_shown(no_world) for _ in range(trials))
    bound = math.exp(feedback.FEEDBACK_EPSILON)
    advantage = 0.0
    for event in set(a) | set(b):
        pa, pb = a[event] / trials, b[event] / trials
        slack = 4 * math.sqrt(max(pa, pb) * (1 - max(pa, pb)) / trials) + 3 / trials
        assert pb <= bound * pa + slack and pa <= bound * pb + slack, (event, pa, pb)
        advantage += max(0.0, pb - pa)
    # the best guess from the shown range is right barely more often than a coin (bound: (e-1)/(e+1))
    assert advantage <= (bound - 1) / (bound + 1)
    # and the old exact count told the answer every time: "no: 0" against "no: 1"


def test_the_ranges_hold_the_true_count_about_95_times_in_100():
    rows = [{"safe": "no", "useful": "somewhat"}] * 7 + [{"safe": "yes", "useful": "yes"}] * 5
    held = sum(low <= 7 <= high for low, high in (_shown(rows) for _ in range(1000)))
    assert held >= 930
