from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kabeuchi.core import mydata
from kabeuchi.core.policy import OWNER_ONLY, Access
from kabeuchi.oneonone.access import agenda_list, share_list
from kabeuchi.oneonone.exports import agenda_markdown
from kabeuchi.oneonone.models import Agenda, Share
from kabeuchi.oneonone.services import agenda_delete

# Only the owner reads agendas; a manager sees only the items shared with them, while live.
ACCESS = {**OWNER_ONLY, "manager": Access.SHARED}


def _title(content: dict) -> str:
    first = next((t["text"] for t in content.get("topics", [])), "") or content.get("since", "")
    return " · ".join(p for p in (content.get("meeting_on") or "", first[:40]) if p) or str(_("1on1 agenda"))


def _items(user):
    shares: dict = {}
    for share in share_list(user=user):
        shares.setdefault(share.agenda_id, []).append(
            {
                # what I shared, with whom, until when (never whether it was opened: that is not kept)
                "with": share.recipient_label,
                "with_email": share.recipient.email if share.recipient_id else str(share.content.get("to", "")),
                "until": share.expires_at.isoformat(),
                "items": share.content.get("items", []),
            }
        )
    for agenda in agenda_list(user=user):
        yield mydata.Item(
            kind="agendas",
            id=str(agenda.pk),
            title=_title(agenda.content),
            created_at=agenda.created_at,
            data={
                # days only (docs/privacy.md P8), in Tokyo time so the date part is the person's day
                "created_at": timezone.localtime(agenda.created_at).isoformat(),
                "updated_at": timezone.localtime(agenda.updated_at).isoformat(),
                "agenda": agenda.content,
                "after": agenda.after,
                "shares": shares.get(agenda.pk, []),
            },
        )


def _markdown(item: mydata.Item) -> str:
    text = agenda_markdown(item.data["agenda"]).replace("# ", "## ", 1)
    after = item.data.get("after") or {}
    if after:
        text += f"\n### {_('After the 1on1 (only for you)')}\n\n{after.get('notes', '')}\n"
        for action in after.get("actions", []):
            text += f"\n- {action['text']}"
        if after.get("clarity"):
            text += f"\n\n{_('How clear I felt afterwards')}: {after['clarity']}/5\n"
    for share in item.data.get("shares", []):
        text += "\n" + _("Shared with %(who)s until %(until)s") % {"who": share["with"], "until": share["until"][:10]} + "\n"
    return text + "\n"


def register() -> None:
    mydata.register(
        mydata.DataSource(
            kind="agendas",
            label=_("1on1 agendas"),
            description=_("Your 1on1 preparation, your notes after it, and what you shared, with whom, until when."),
            access=ACCESS,
            retention="until_deleted",
            models=(Agenda, Share),
            list_items=_items,
            delete_item=lambda *, user, item_id: agenda_delete(user=user, agenda_id=item_id),
            to_markdown=_markdown,
            count=lambda user: Agenda.objects.filter(owner=user).count(),
        )
    )
