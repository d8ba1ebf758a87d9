"""Delete every session written by Django's plain database backend.

Those rows hold the cookie value as their key, a user id anyone with the database can decode and
the sign-in time + 8 h. The sealed store (kabeuchi.accounts.sessions) cannot open them anyway (it
looks rows up by a hash of the cookie), so everyone signs in once more after this release, and
the readable rows go now instead of at the next purge (docs/privacy.md P8)."""

from django.db import migrations


def forget_readable_sessions(apps, schema_editor):
    apps.get_model("sessions", "Session").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(forget_readable_sessions, migrations.RunPython.noop)]
