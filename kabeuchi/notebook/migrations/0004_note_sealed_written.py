"""Notes: the per-owner counter of writes (``touched``) goes; the last change is sealed in
``written`` and the list is sorted after opening (docs/privacy.md C7).  Existing notes get
``written`` sealed from their plaintext day and counter (their old order is kept), so no note is
opened and nobody's access log gets an entry."""

import datetime

from django.db import migrations

import kabeuchi.vault.fields


def seal_written(apps, schema_editor):
    Note = apps.get_model("notebook", "Note")
    for note in Note.objects.order_by("owner_id").iterator():
        moment = note.updated_at.astimezone(datetime.UTC) + datetime.timedelta(microseconds=min(note.touched, 999_999))
        note.written = moment.isoformat()
        note.save(update_fields=["written"])


class Migration(migrations.Migration):

    dependencies = [
        ("notebook", "0003_day_times"),
        ("vault", "0002_datakey_day_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="note",
            name="written",
            field=kabeuchi.vault.fields.EncryptedJSONField(null=True, owner_field="owner", pad_to=64),
        ),
        migrations.RunPython(seal_written, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="note",
            name="written",
            field=kabeuchi.vault.fields.EncryptedJSONField(owner_field="owner", pad_to=64),
        ),
        migrations.AlterModelOptions(
            name="note",
            options={"ordering": ["-updated_at", "-seq"]},
        ),
        migrations.RemoveField(model_name="note", name="touched"),
    ]
