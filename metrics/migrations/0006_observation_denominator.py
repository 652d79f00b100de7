"""An observation's denominator: the count a percentage is of, so that two percentages can
be compared as two proportions (metrics.significance)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0005_recalculation"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="denominator",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MinValueValidator(1)],
                help_text="The count the percentage is of, e.g. the number of calls answered.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="observation_denominator_positive",
                violation_error_message="A denominator is a whole number above 0.",
            ),
        ),
    ]
