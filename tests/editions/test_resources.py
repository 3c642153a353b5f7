"""The kit's resources: the model's rules, the file checks, the services and their audit entries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sps.audit.models import AuditEntry
from sps.editions import resource_services as services
from sps.editions.models import Edition, Resource, ResourceCategory, validate_hex_color
from sps.editions.resource_services import ResourceError, check_resource_file
from tests.actions import conftest as fiche_world
from tests.editions.resource_files import (
    EXE_BYTES,
    SVG_BYTES,
    docx_bytes,
    jpeg_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db
# The small académie of the fiche tests (frozen on 15 January 2027).
world = fiche_world.world
_frozen_today = fiche_world._frozen_today


# --- The model -------------------------------------------------------------------------------


def test_a_resource_needs_a_file_or_a_link_not_both(world):
    neither = Resource(edition=world.edition, title="Affiche", category=ResourceCategory.POSTER)
    with pytest.raises(ValidationError) as excinfo:
        neither.full_clean()
    assert "l'un ou l'autre" in str(excinfo.value)
    both = Resource(edition=world.edition, title="Affiche", category=ResourceCategory.POSTER, url="https://ex.fr/a.pdf")
    both.file.name = "resources/a.pdf"
    with pytest.raises(ValidationError):
        both.full_clean()
    link = Resource(edition=world.edition, title="Affiche", category=ResourceCategory.POSTER, url="https://ex.fr/a")
    link.full_clean()


def test_the_database_refuses_neither_and_both(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(edition=world.edition, title="Rien", category="autre")
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.create(
            edition=world.edition, title="Les deux", category="autre", url="https://ex.fr", file="resources/x.pdf"
        )


@pytest.mark.parametrize("value", ["#000091", "#ABCDEF", "#a1b2c3"])
def test_colour_accepted(value):
    validate_hex_color(value)


@pytest.mark.parametrize("value", ["", "000091", "#00009", "#0000911", "#GGGGGG", "blue", "#000091;x", "red;}"])
def test_colour_refused(value):
    with pytest.raises(ValidationError, match="#000091"):
        validate_hex_color(value)


def test_edition_colour_defaults_to_bleu_france(world):
    assert Edition.objects.get(pk=world.edition.pk).brand_color == "#000091"


# --- The file checks -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("affiche.pdf", pdf_bytes(), "pdf"),
        ("logo.png", png_bytes(), "png"),
        ("photo.JPG", jpeg_bytes(), "jpg"),
        ("photo.jpeg", jpeg_bytes(), "jpeg"),
        ("communique.docx", docx_bytes(), "docx"),
        ("communique.odt", odt_bytes(), "odt"),
    ],
)
def test_real_files_are_accepted(name, content, kind):
    checked = check_resource_file(upload(name, content))
    assert checked.extension == kind
    assert checked.size == len(content)
    assert checked.name == name


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("affiche.png", pdf_bytes(), "ne correspond pas à un fichier PNG"),  # a PDF renamed .png
        ("programme.pdf", EXE_BYTES, "ne correspond pas à un fichier PDF"),  # an .exe renamed .pdf
        ("photo.jpg", png_bytes(), "ne correspond pas à un fichier JPEG"),  # a PNG renamed .jpg
        ("lettre.docx", odt_bytes(), "ne correspond pas à un fichier DOCX"),  # a zip without the right types
        ("lettre.docx", b"PK\x03\x04 not really a zip", "ne correspond pas à un fichier DOCX"),
        ("tableau.xlsx", docx_bytes(), "ne correspond pas à un fichier XLSX"),  # a DOCX renamed .xlsx
        ("texte.odt", odt_bytes("application/vnd.oasis.opendocument.spreadsheet"), "ODT"),
        ("logo.svg", SVG_BYTES, "SVG ne sont pas acceptées"),
        ("setup.exe", EXE_BYTES, "Ce type de fichier n'est pas accepté"),
        ("page.html", b"<script>alert(1)</script>", "Ce type de fichier n'est pas accepté"),
        ("sans-extension", pdf_bytes(), "Ce type de fichier n'est pas accepté"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_bad_files_are_refused_with_a_french_message(name, content, message):
    with pytest.raises(ResourceError, match=message) as excinfo:
        check_resource_file(upload(name, content))
    assert excinfo.value.field == "file"


def test_too_big_is_refused(monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 1000)
    with pytest.raises(ResourceError, match="dépasse"):
        check_resource_file(upload("gros.pdf", b"%PDF-1.4" + b"0" * 2000))


def test_twenty_megabytes_is_the_limit():
    big = upload("gros.pdf", b"%PDF-1.4" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ResourceError, match="20 Mo"):
        check_resource_file(big)


def test_a_path_in_the_name_is_dropped():
    assert check_resource_file(upload("../../etc/aff iche.pdf", pdf_bytes())).name == "aff_iche.pdf"


# --- Services --------------------------------------------------------------------------------


def test_academy_pilot_adds_a_file_to_own_edition(world, settings):
    resource = services.resource_create(
        edition=world.edition,
        by=world.academy_pilot,
        title="  Affiche 2027  ",
        category=ResourceCategory.POSTER,
        levels=["college", "college"],
        publics=["eleves"],
        file=upload("Affiche officielle.pdf", pdf_bytes()),
    )
    resource.refresh_from_db()
    assert resource.title == "Affiche 2027"
    assert resource.levels == ["college"]
    assert resource.file_type == "pdf"
    assert resource.file_name == "Affiche_officielle.pdf"
    assert not resource.is_published
    assert resource.created_by == world.academy_pilot
    # Stored under PRIVATE_MEDIA_ROOT with a random name, never under MEDIA_ROOT.
    assert resource.file.path.startswith(settings.PRIVATE_MEDIA_ROOT)
    assert "Affiche" not in resource.file.name
    entry = AuditEntry.objects.get(verb="editions.resource.created")
    assert entry.user == world.academy_pilot and entry.data["kind"] == "file"


def test_a_link_resource(world):
    resource = services.resource_create(
        edition=world.edition,
        by=world.academy_pilot,
        title="Charte graphique",
        category=ResourceCategory.GRAPHIC_CHARTER,
        url="https://eduscol.education.fr/charte",
        is_published=True,
    )
    assert resource.is_link and resource.is_published


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"title": "   ", "category": "affiche", "url": "https://ex.fr"}, "title"),
        ({"title": "A", "category": "inconnue", "url": "https://ex.fr"}, "category"),
        ({"title": "A", "category": "affiche", "url": "javascript:alert(1)"}, "url"),
        ({"title": "A", "category": "affiche", "url": "https://ex.fr", "levels": ["maternité"]}, "levels"),
        ({"title": "A", "category": "affiche"}, "file"),
    ],
)
def test_bad_input_writes_nothing(world, kwargs, field):
    with pytest.raises(ResourceError) as excinfo:
        services.resource_create(edition=world.edition, by=world.academy_pilot, **kwargs)
    assert excinfo.value.field == field
    assert not Resource.objects.exists()
    assert not AuditEntry.objects.filter(verb__startswith="editions.resource").exists()


def test_file_and_link_together_refused(world):
    with pytest.raises(ResourceError, match="l'un ou l'autre"):
        services.resource_create(
            edition=world.edition,
            by=world.academy_pilot,
            title="A",
            category="affiche",
            url="https://ex.fr",
            file=upload("a.pdf", pdf_bytes()),
        )


@pytest.mark.parametrize("who", ["other_pilot", "relay", "department_pilot", "contributor"])
def test_only_the_editions_managers_add_resources(world, who):
    with pytest.raises(ResourceError, match="ne pouvez pas"):
        services.resource_create(
            edition=world.edition, by=world.users[who], title="A", category="affiche", url="https://ex.fr"
        )


def test_national_resources_are_for_national_pilots(world):
    with pytest.raises(ResourceError, match="pilote national"):
        services.resource_create(edition=None, by=world.academy_pilot, title="A", category="logo", url="https://ex.fr")
    resource = services.resource_create(
        edition=None, by=world.national_pilot, title="Logo national", category="logo", url="https://ex.fr/logo"
    )
    assert resource.is_national
    with pytest.raises(ResourceError):
        services.resource_retire(resource=resource, by=world.academy_pilot)


def test_update_replaces_the_file_by_a_link_and_deletes_the_old_file(world, django_capture_on_commit_callbacks):
    resource = services.resource_create(
        edition=world.edition, by=world.academy_pilot, title="A", category="affiche", file=upload("a.pdf", pdf_bytes())
    )
    storage, old_name = resource.file.storage, resource.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(resource=resource, by=world.academy_pilot, title="B", url="https://ex.fr/b")
    resource.refresh_from_db()
    assert resource.title == "B" and resource.url == "https://ex.fr/b" and not resource.file
    assert resource.file_type == "" and resource.file_size is None
    assert not storage.exists(old_name)
    entry = AuditEntry.objects.get(verb="editions.resource.updated")
    assert entry.data["changed"] == {"title": "B", "url": "https://ex.fr/b"}


def test_update_with_a_bad_file_keeps_everything(world):
    resource = services.resource_create(
        edition=world.edition, by=world.academy_pilot, title="A", category="affiche", file=upload("a.pdf", pdf_bytes())
    )
    with pytest.raises(ResourceError):
        services.resource_update(resource=resource, by=world.academy_pilot, title="B", file=upload("b.pdf", EXE_BYTES))
    resource.refresh_from_db()
    assert resource.title == "A" and resource.file_type == "pdf"
    assert resource.file.storage.exists(resource.file.name)


def test_publish_and_retire(world):
    resource = services.resource_create(
        edition=world.edition, by=world.academy_pilot, title="A", category="affiche", url="https://ex.fr"
    )
    services.resource_publish(resource=resource, by=world.academy_pilot)
    with pytest.raises(ResourceError, match="déjà publiée"):
        services.resource_publish(resource=resource, by=world.academy_pilot)
    services.resource_retire(resource=resource, by=world.national_pilot)
    resource.refresh_from_db()
    assert not resource.is_published
    verbs = list(AuditEntry.objects.order_by("pk").values_list("verb", flat=True))
    assert verbs[-2:] == ["editions.resource.published", "editions.resource.retired"]


def test_kit_of_an_edition(world):
    def make(edition, title, published=True):
        return Resource.objects.create(
            edition=edition, title=title, category="affiche", url="https://ex.fr", is_published=published
        )

    own = make(world.edition, "Créteil")
    make(world.edition, "Brouillon", published=False)
    make(world.foreign_edition, "Rennes")
    national = make(None, "National")
    make(None, "National retiré", published=False)
    assert set(Resource.objects.kit_of([world.edition])) == {own, national}
    world.edition.status = "draft"
    world.edition.save()
    assert set(Resource.objects.kit_of([world.edition])) == {national}


def test_kit_sections_group_and_filter(world):
    def make(title, category, levels=(), publics=(), edition=world.edition):
        return Resource.objects.create(
            edition=edition,
            title=title,
            category=category,
            url="https://ex.fr",
            is_published=True,
            levels=list(levels),
            publics=list(publics),
        )

    poster = make("Affiche", "affiche", levels=["college"])
    guide = make("Guide", "guide", publics=["parents"])
    everyone = make("Logo", "logo")
    national = make("Affiche nationale", "affiche", edition=None)
    sections = services.kit_sections([guide, national, everyone, poster])
    assert [s.label for s in sections] == ["Affiche", "Logo", "Guide de bonnes pratiques"]
    assert sections[0].resources == [poster, national]  # the académie's before the national ones
    primary = services.kit_sections([guide, national, everyone, poster], level="premier_degre", public="eleves")
    assert [r.title for s in primary for r in s.resources] == ["Affiche nationale", "Logo"]


# --- Branding --------------------------------------------------------------------------------


def test_branding_sets_colour_and_reencodes_the_logo(world):
    edition = services.edition_branding_update(
        edition=world.edition, by=world.academy_pilot, brand_color="#E1000F", logo=upload("logo.png", png_bytes())
    )
    edition.refresh_from_db()
    assert edition.brand_color == "#e1000f"
    assert edition.logo.name.startswith("editions/logos/") and edition.logo.name.endswith(".png")
    assert AuditEntry.objects.filter(verb="editions.edition.branding_updated").exists()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"brand_color": "bleu"}, "brand_color"),
        ({"brand_color": "#000091", "logo": upload("logo.svg", SVG_BYTES)}, "logo"),
        ({"brand_color": "#000091", "logo": upload("logo.png", pdf_bytes())}, "logo"),
    ],
)
def test_branding_refuses_bad_input(world, kwargs, field):
    with pytest.raises(ResourceError) as excinfo:
        services.edition_branding_update(edition=world.edition, by=world.academy_pilot, **kwargs)
    assert excinfo.value.field == field
    world.edition.refresh_from_db()
    assert world.edition.brand_color == "#000091" and not world.edition.logo


def test_branding_by_another_academy_refused(world):
    with pytest.raises(ResourceError):
        services.edition_branding_update(edition=world.edition, by=world.other_pilot, brand_color="#000000")
