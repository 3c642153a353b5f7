import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The glossary's renames (bin/apply_glossary_renames.py): temps fort and porteur."""

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("actions", "0003_action_public_description"),
    ]

    operations = [
        migrations.RenameModel(old_name="ActionSession", new_name="Occurrence"),
        migrations.AlterField(
            model_name="occurrence",
            name="action",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="occurrences", to="actions.action"
            ),
        ),
        migrations.RenameField(model_name="action", old_name="owner", new_name="created_by"),
        migrations.AlterField(
            model_name="action",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions_created",
                to=settings.AUTH_USER_MODEL,
                verbose_name="porteur de projet",
            ),
        ),
    ]
