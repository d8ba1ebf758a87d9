"""Pilot places are kept under a keyed hash of the account id, not the account id (C7)."""

from django.db import migrations, models


def _tags(apps, schema_editor):
    from django.utils.crypto import salted_hmac

    PilotParticipation = apps.get_model("org", "PilotParticipation")  # noqa: N806
    for row in PilotParticipation.objects.all():
        row.tag = salted_hmac("kabeuchi.org.pilot-participation", str(row.user_id), algorithm="sha256").hexdigest()
        row.save(update_fields=["tag"])


class Migration(migrations.Migration):
    dependencies = [("org", "0006_feedback_figures")]

    operations = [
        migrations.AddField(model_name="pilotparticipation", name="tag", field=models.CharField(default="", max_length=64), preserve_default=False),
        migrations.RunPython(_tags, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="pilotparticipation", name="pilot_participation_unique"),
        migrations.RemoveField(model_name="pilotparticipation", name="user"),
        migrations.AddConstraint(
            model_name="pilotparticipation",
            constraint=models.UniqueConstraint(fields=("pilot", "tag"), name="pilot_participation_tag_unique"),
        ),
    ]
