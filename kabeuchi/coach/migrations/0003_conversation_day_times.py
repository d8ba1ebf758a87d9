
from django.db import migrations, models

import kabeuchi.core.timestamps


def forget_times_of_day(apps, schema_editor):
    """Existing rows: number each owner's conversations in their old order, then keep only the
    day of every time (the expiry moves to the end of its day)."""
    from kabeuchi.core.timestamps import day_end, day_start

    Conversation = apps.get_model("coach", "Conversation")
    rows = Conversation.objects.order_by("owner_id", "updated_at").values_list("pk", "owner_id", "created_at", "updated_at", "expires_at")
    counters: dict = {}
    for pk, owner_id, created, updated, expires in rows.iterator():
        counters[owner_id] = counters.get(owner_id, 0) + 1
        Conversation.objects.filter(pk=pk).update(
            touched=counters[owner_id],
            created_at=day_start(created),
            updated_at=day_start(updated),
            expires_at=day_end(expires),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('coach', '0002_conversation_version'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='conversation',
            options={'ordering': ['-updated_at', '-touched']},
        ),
        migrations.AddField(
            model_name='conversation',
            name='touched',
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='conversation',
            name='created_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now_add=True),
        ),
        migrations.AlterField(
            model_name='conversation',
            name='updated_at',
            field=kabeuchi.core.timestamps.DayTimestampField(auto_now=True),
        ),
        migrations.RunPython(forget_times_of_day, migrations.RunPython.noop),
    ]
