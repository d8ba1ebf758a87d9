"""With an uploaded directory, the monthly release decides its cells from the directory's
headcounts, never from who joined, and places members by the directory (docs/privacy.md P41)."""

from __future__ import annotations

from freezegun import freeze_time

from kabeuchi.accounts.directory import directory_import
from kabeuchi.org import insights
from kabeuchi.org.insights import Member

K = 5
DIRECTORY_CELLS = {
    ("org",): 40,
    ("department", "開発部"): 30,
    ("team", "開発部", "基盤"): 26,
    ("team", "開発部", "三人"): 3,  # too small to be shown, ever
    ("department", "人事部"): 10,
    ("team", "人事部", "採用"): 10,
}


def _shape(members) -> list[tuple]:
    snapshot = insights.release(members, period="2026-10", k=K, directory_cells=DIRECTORY_CELLS)
    return sorted(f.cell for f in snapshot.cells)


def test_the_cells_shown_are_the_directorys_cells_of_at_least_k_whoever_joined():
    everyone = [Member("開発部", "基盤") for _ in range(26)] + [Member("開発部", "三人") for _ in range(3)]
    everyone += [Member("人事部", "採用") for _ in range(10)]
    expected = sorted(c for c, n in DIRECTORY_CELLS.items() if n >= K)
    # nobody joined, some joined, everyone joined: the same cells, every time
    for members in ([], everyone[:4], everyone[25:30], everyone):
        for _ in range(5):
            assert _shape(members) == expected


def test_a_small_team_of_the_directory_is_never_shown_even_if_all_of_it_joined():
    members = [Member("開発部", "三人", active=True) for _ in range(3)] * 40  # far above any threshold
    assert ("team", "開発部", "三人") not in _shape(members)


def test_the_release_places_members_by_the_directory(cast):
    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import User
    from kabeuchi.org.models import InsightSnapshot
    from kabeuchi.org.release import period_release

    # given a directory of 12 people in 営業部/第一課 and the cast, where 10 of them joined with
    # invitations that named another team
    rows = ["氏名,メールアドレス,部署,チーム"]
    rows += [f"社員{i},s{i}@sakura.example,営業部,第一課" for i in range(12)]
    rows += ["相田 愛子,aiko@sakura.example,開発部,", "江藤 英太,eita@sakura.example,情報システム部,"]
    for i in range(10):
        user = User.objects.create_user(f"s{i}@sakura.example", "pw-12345678-x")
        account_services.membership_create(user=user, organisation=cast.sakura, department="旧部署", team="旧チーム")
    with freeze_time("2026-10-10"):
        assert not directory_import(organisation=cast.sakura, text="\n".join(rows) + "\n").errors
    # when October is released
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    # then the cells are the directory's with at least k people, and the old team is not among them
    cells = {tuple(c["cell"]) for c in InsightSnapshot.objects.get().figures["cells"]}
    assert cells == {("org",), ("department", "営業部"), ("team", "営業部", "第一課")}
