from django.db import migrations


def create_site_config(apps, schema_editor):
    DsfrConfig = apps.get_model("dsfr", "DsfrConfig")
    if DsfrConfig.objects.exists():
        return
    DsfrConfig.objects.create(
        language="fr",
        site_title="Semaine de la persévérance scolaire",
        site_tagline="La plateforme des actions, de l'école au ministère",
        header_brand="république française",
        header_brand_html="République<br>française",
        footer_brand="république française",
        footer_brand_html="République<br>française",
        footer_description="Plateforme de la Semaine de la persévérance scolaire, mesure du plan « Tous mobilisés pour vaincre le décrochage scolaire ».",
        accessibility_status="NOT",
    )


class Migration(migrations.Migration):
    dependencies = [("dsfr", "0012_dsfrconfig_notice_description_and_more")]
    operations = [migrations.RunPython(create_site_config, migrations.RunPython.noop)]
