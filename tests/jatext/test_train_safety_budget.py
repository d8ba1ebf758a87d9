"""``--budget-exclude``: which development lines count when the trainer chooses thresholds."""

from pathlib import Path

from jatext.train_safety import budgeted_cases


def test_lines_of_an_excluded_file_do_not_count_in_the_budget():
    paths = [Path("data/safety_dev_external.tsv")] * 2 + [Path("data/safety_dev_guide_turns_round21_39.tsv")] * 3
    assert budgeted_cases(paths, ["guide_turns_round21_39"]) == [0, 1]


def test_with_nothing_excluded_every_line_counts():
    paths = [Path("a.tsv"), Path("b.tsv")]
    assert budgeted_cases(paths, []) == [0, 1]
