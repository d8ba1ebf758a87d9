"""Build the "everything I have" ZIP: JSON for machines, Markdown for people."""

from __future__ import annotations

import io
import json
import zipfile

from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import User
from kabeuchi.core import mydata
from kabeuchi.vault.services import access_record_list


def export_zip(*, user: User) -> bytes:
    now = timezone.localtime()
    buffer = io.BytesIO()
    everything: dict = {
        "exported_at": now.isoformat(),
        "account": {"email": user.email, "name": user.display_name, "language": user.language},
    }
    readme = [
        f"# {_('Your Kabeuchi data')}",
        "",
        _("Exported on %(date)s. Only you can open this file; keep it somewhere safe.") % {"date": now.strftime("%Y-%m-%d %H:%M")},
        "",
        _("data.json holds everything in a form other programs can read. Each .md file is the same content for reading."),
        "",
    ]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for source in mydata.sources():
            items = list(source.list_items(user))
            everything[source.kind] = [item.data | {"id": item.id} for item in items]
            body = "\n".join(source.to_markdown(item) for item in items) or _("(nothing yet)") + "\n"
            archive.writestr(f"{source.kind}.md", f"# {source.label}\n\n{body}")
            readme.append(f"- {source.kind}.md: {source.label} ({len(items)})")
        everything["access_log"] = [
            {"day": r.day.isoformat(), "actor": r.actor_kind, "label": r.actor_label, "what": r.purpose, "count": r.count}
            for r in access_record_list(owner_id=user.pk)
        ]
        archive.writestr("data.json", json.dumps(everything, ensure_ascii=False, indent=2))
        archive.writestr("README.md", "\n".join(readme) + "\n")
    return buffer.getvalue()
