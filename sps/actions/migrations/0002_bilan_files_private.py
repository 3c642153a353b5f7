"""Bilan photos and supports move from MEDIA_ROOT (served to anyone at /media/) to
PRIVATE_MEDIA_ROOT: the field change, then the files already uploaded."""

import os
import shutil

from django.conf import settings
from django.db import migrations, models

import sps.actions.models


def _move_files(apps, source_root, target_root):
    for model_name, field in (("BilanPhoto", "image"), ("BilanSupport", "file")):
        model = apps.get_model("actions", model_name)
        for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True):
            source, target = os.path.join(source_root, name), os.path.join(target_root, name)
            if os.path.isfile(source) and not os.path.exists(target):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.move(source, target)


def to_private(apps, schema_editor):
    _move_files(apps, settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)


def to_public(apps, schema_editor):
    _move_files(apps, settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="bilanphoto",
            name="image",
            field=models.ImageField(
                height_field="height",
                storage=sps.actions.models.bilan_storage,
                upload_to=sps.actions.models._photo_path,
                verbose_name="photo",
                width_field="width",
            ),
        ),
        migrations.AlterField(
            model_name="bilansupport",
            name="file",
            field=models.FileField(
                blank=True,
                storage=sps.actions.models.bilan_storage,
                upload_to=sps.actions.models._support_path,
                verbose_name="fichier",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
