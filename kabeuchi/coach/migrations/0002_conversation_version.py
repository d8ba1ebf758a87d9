from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coach", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversation",
            name="version",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
