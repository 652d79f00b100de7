from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0004_publish_check"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="version",
            field=models.PositiveIntegerField(
                default=1, help_text="Counts the saves; a save from an older one fails."
            ),
        ),
        migrations.AddField(
            model_name="commitment",
            name="version",
            field=models.PositiveIntegerField(
                default=1, help_text="Counts the saves; a save from an older one fails."
            ),
        ),
        migrations.AddField(
            model_name="footnote",
            name="version",
            field=models.PositiveIntegerField(
                default=1, help_text="Counts the saves; a save from an older one fails."
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="version",
            field=models.PositiveIntegerField(
                default=1, help_text="Counts the saves; a save from an older one fails."
            ),
        ),
        migrations.AddField(
            model_name="priority",
            name="version",
            field=models.PositiveIntegerField(
                default=1, help_text="Counts the saves; a save from an older one fails."
            ),
        ),
    ]
