from django.db import migrations


def expire_at_the_end_of_a_day(apps, schema_editor):
    """Existing tokens: the expiry moves to the end of its day, so that it no longer tells the
    time of day the token was made (its creation time keeps only the day since 0003)."""
    from kabeuchi.core.timestamps import day_end

    AccessToken = apps.get_model("accounts", "AccessToken")
    tokens = AccessToken.objects.using(schema_editor.connection.alias)
    for pk, expires in list(tokens.exclude(expires_at=None).order_by("pk").values_list("pk", "expires_at")):
        tokens.filter(pk=pk).update(expires_at=day_end(expires))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_day_only_join_times"),
    ]

    operations = [
        migrations.RunPython(expire_at_the_end_of_a_day, migrations.RunPython.noop),
    ]
