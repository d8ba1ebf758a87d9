"""Small builders for notebook tests (the bench uses the same one for 2,000 items)."""

from __future__ import annotations

from kabeuchi.notebook import services as nb


def fill_notebook(user, *, experiences=10, strengths=5, directions=6, skills=10, learning=50, goals=5, checkins=30) -> int:
    """Give ``user`` a notebook of the given size; returns the number of entries made."""
    made_strengths = [nb.strength_create(user=user, name=f"強み{i} 人の話を聴く", description="後輩に頼られる") for i in range(strengths)]
    for i in range(experiences):
        year, month = 2020 + (i // 12) % 6, i % 12 + 1
        nb.experience_create(
            user=user, title=f"経験{i} 新人研修の立ち上げ", start=f"{year}-{month:02d}", did="企画と運営を担当した",
            learned="人に伝える順番", strength_ids=[made_strengths[i % strengths].pk] if strengths else [],
        )
    kinds = ("will", "can", "must", "year1", "year3", "year5")
    for i in range(directions):
        nb.direction_add(user=user, kind=kinds[i % 6], text=f"版{i} チームを支える人になりたい")
    for i in range(skills):
        nb.skill_create(user=user, name=f"スキル{i}", level=i % 5 + 1)
    for i in range(learning):
        nb.learning_create(user=user, what=f"学習{i} 統計の本", on=f"{2020 + i % 6}-{i % 12 + 1:02d}-{i % 28 + 1:02d}", minutes=30, takeaway="要約を書く")
    for i in range(goals):
        nb.goal_create(user=user, title=f"目標{i}", progress=i * 10 % 100, milestones=[{"text": "本を読む", "done": True}, {"text": "発表する"}])
    for i in range(checkins):
        nb.checkin_create(user=user, energy=i % 5 + 1, mood="calm")
    return experiences + strengths + directions + skills + learning + goals + checkins
