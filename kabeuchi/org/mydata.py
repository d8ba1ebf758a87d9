"""Pilots a person joined, in the my-data registry: export and leaving (deletion).

Only the person's own participations are listed; anonymous feedback is deliberately absent,
because nothing links it to the person any more.
"""

from django.utils.translation import gettext_lazy as _

from kabeuchi.core import mydata
from kabeuchi.core.policy import Access
from kabeuchi.org.models import PilotParticipation
from kabeuchi.org.pilots import participant_tag, pilot_leave

ACCESS = {
    "self": Access.FULL,
    "manager": Access.NONE,
    "people": Access.AGGREGATE,
    "admin": Access.NONE,
    "operator": Access.NONE,
}


def _items(user):
    for row in PilotParticipation.objects.filter(tag=participant_tag(user.pk)).select_related("pilot"):
        pilot = row.pilot
        yield mydata.Item(
            kind="pilots", id=str(pilot.pk), title=pilot.name, created_at=pilot.created_at,
            data={
                "name": pilot.name, "starts_on": pilot.starts_on.isoformat(), "ends_on": pilot.ends_on.isoformat(),
                "created_at": pilot.created_at.isoformat(),
            },
        )


def _markdown(item: mydata.Item) -> str:
    return f"- {item.data['name']} ({item.data['starts_on']} – {item.data['ends_on']})\n"


def _delete(*, user, item_id) -> None:
    pilot_leave(user=user, pilot_id=item_id)


def register() -> None:
    mydata.register(
        mydata.DataSource(
            kind="pilots",
            label=_("Pilots you joined"),
            description=_(
                "Which opt-in pilots you joined, so that you can see and leave them. Others see only how many "
                "joined, once at least k have."
            ),
            access=ACCESS,
            retention="pilots",
            models=(PilotParticipation,),
            list_items=_items,
            delete_item=_delete,
            to_markdown=_markdown,
            count=lambda user: PilotParticipation.objects.filter(tag=participant_tag(user.pk)).count(),
        )
    )
