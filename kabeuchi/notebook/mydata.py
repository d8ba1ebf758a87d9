from django.utils.translation import gettext_lazy as _

from kabeuchi.core import mydata
from kabeuchi.core.policy import OWNER_ONLY
from kabeuchi.notebook.access import note_list
from kabeuchi.notebook.models import Note
from kabeuchi.notebook.services import note_delete


def _items(user):
    for note in note_list(user=user):
        yield mydata.Item(
            kind="notes",
            id=str(note.pk),
            title=note.title or note.body[:40],
            created_at=note.created_at,
            data={"title": note.title, "body": note.body, "created_at": note.created_at.isoformat(), "updated_at": note.updated_at.isoformat()},
        )


def _markdown(item: mydata.Item) -> str:
    title = item.data["title"] or _("(untitled)")
    return f"## {title}\n\n_{item.data['created_at'][:10]}_\n\n{item.data['body']}\n"


def register() -> None:
    mydata.register(
        mydata.DataSource(
            kind="notes",
            label=_("Notes"),
            description=_("Free notes you write in your notebook."),
            access=OWNER_ONLY,
            retention="until_deleted",
            models=(Note,),
            list_items=_items,
            delete_item=lambda *, user, item_id: note_delete(user=user, note_id=item_id),
            to_markdown=_markdown,
            count=lambda user: Note.objects.filter(owner=user).count(),
        )
    )
