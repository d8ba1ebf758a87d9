
import kabeuchi.core.timestamps
from django.db import migrations


def forget_times_of_day(apps, schema_editor):
    """Existing rows keep only the day of when someone joined or made a token."""
    from kabeuchi.core.timestamps import day_start

    for model, fields in (("User", ("date_joined",)), ("Membership", ("created_at", "updated_at")), ("AccessToken", ("created_at", "updated_at"))):
        Model = apps.get_model("accounts", model)
        for row in Model.objects.values("pk", *fields).iterator():
            Model.objects.filter(pk=row["pk"]).update(**{f: day_start(row[f]) for f in fields if row[f] is not None})


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_sessions_forget_readable_rows'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accesstoken',
            name='created_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='accesstoken',
            name='updated_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='membership',
            name='created_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='membership',
            name='updated_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now=True),
        ),
        migrations.AlterField(
            model_name='user',
            name='date_joined',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now_add=True),
        ),
        migrations.RunPython(forget_times_of_day, migrations.RunPython.noop),
    ]
