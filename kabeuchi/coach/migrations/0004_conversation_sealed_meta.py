"""A saved conversation's theme, retention and last write move into one sealed value (``meta``);
the plaintext columns that told the operator about a person's use go (docs/privacy.md C7):
``theme``, ``retention_days``, ``title`` (its length told the theme), ``updated_at`` and
``touched`` (a count of the owner's writes).  ``version`` becomes a random token.

Existing rows get their ``meta`` sealed from the plaintext columns, so nothing is opened: no
person's content is read, and nobody's access log gets an entry.  Their ``state`` and
``kept_summary`` keep the sizes they were sealed with until the next message or summary is
written (padding them now would mean opening every person's conversation).
"""

import datetime

from django.db import migrations, models

import kabeuchi.coach.models
import kabeuchi.vault.fields


def seal_meta(apps, schema_editor):
    from kabeuchi.core.timestamps import day_start

    Conversation = apps.get_model("coach", "Conversation")
    # the old order of each owner's list (last written day, then the owner's write counter) is
    # kept by adding the counter as microseconds to the day: the list sorts by this time now
    for row in Conversation.objects.order_by("owner_id").iterator():
        written = day_start(row.updated_at) + datetime.timedelta(microseconds=min(row.touched, 999_999))
        row.meta = {"theme": row.theme, "retention_days": row.retention_days, "written": written.isoformat()}
        row.save(update_fields=["meta"])


class Migration(migrations.Migration):

    dependencies = [
        ("coach", "0003_conversation_day_times"),
        ("vault", "0002_datakey_day_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="meta",
            field=kabeuchi.vault.fields.EncryptedJSONField(null=True, owner_field="owner", pad_to=128),
        ),
        migrations.RunPython(seal_meta, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="conversation",
            name="meta",
            field=kabeuchi.vault.fields.EncryptedJSONField(owner_field="owner", pad_to=128),
        ),
        migrations.AlterModelOptions(
            name="conversation",
            options={"ordering": ["-created_at"]},
        ),
        migrations.RemoveField(model_name="conversation", name="theme"),
        migrations.RemoveField(model_name="conversation", name="retention_days"),
        migrations.RemoveField(model_name="conversation", name="title"),
        migrations.RemoveField(model_name="conversation", name="touched"),
        migrations.RemoveField(model_name="conversation", name="updated_at"),
        migrations.AlterField(
            model_name="conversation",
            name="version",
            field=models.BigIntegerField(default=kabeuchi.coach.models.new_version),
        ),
        migrations.AlterField(
            model_name="conversation",
            name="state",
            field=kabeuchi.vault.fields.EncryptedJSONField(owner_field="owner", pad_to=1024),
        ),
        migrations.AlterField(
            model_name="conversation",
            name="kept_summary",
            field=kabeuchi.vault.fields.EncryptedJSONField(null=True, owner_field="owner", pad_to=1024),
        ),
    ]
