from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kabeuchi.coach.access import conversation_list
from kabeuchi.coach.models import Conversation
from kabeuchi.coach.services import conversation_delete
from kabeuchi.core import mydata
from kabeuchi.core.policy import OWNER_ONLY


def _items(user):
    for c in conversation_list(user=user):
        yield mydata.Item(
            kind="conversations",
            id=str(c.pk),
            title=c.title,
            created_at=c.created_at,
            data={
                "title": c.title,
                "theme": c.theme,
                # days only (docs/privacy.md P8), in Tokyo time so the date part is the person's day
                "created_at": timezone.localtime(c.created_at).isoformat(),
                "updated_at": timezone.localtime(c.updated_on).isoformat(),
                "keep_until": c.expires_at.isoformat(),
                # a turn's idempotency digest (coach.services) is bookkeeping, not the person's words
                "turns": [{k: v for k, v in t.items() if k != "key"} for t in c.state.get("turns", [])],
                "summary": c.kept_summary or None,
            },
        )


def _markdown(item: mydata.Item) -> str:
    NOTICED_HEADING, STEPS_HEADING = _("What I noticed"), _("Small next steps")  # noqa: N806
    who = {"person": _("Me"), "partner": _("Kabeuchi")}
    lines = [f"## {item.data['title']}", "", f"_{item.data['created_at'][:10]}_", ""]
    for turn in item.data["turns"]:
        lines += [f"**{who.get(turn['role'], turn['role'])}**", "", turn["text"], ""]
    summary = item.data.get("summary")
    if summary:
        lines += [f"### {NOTICED_HEADING}", *[f"- {x}" for x in summary.get("noticed", [])], ""]
        lines += [f"### {STEPS_HEADING}", *[f"- {x}" for x in summary.get("next_steps", [])], ""]
    return "\n".join(lines) + "\n"


def register() -> None:
    mydata.register(
        mydata.DataSource(
            kind="conversations",
            label=_("Conversations"),
            description=_(
                "Conversations with the sounding board that you chose to save, and the summaries you kept."
            ),
            access=OWNER_ONLY,
            retention="conversations",
            models=(Conversation,),
            list_items=_items,
            delete_item=lambda *, user, item_id: conversation_delete(user=user, conversation_id=item_id),
            to_markdown=_markdown,
            count=lambda user: len(conversation_list(user=user)),
        )
    )
