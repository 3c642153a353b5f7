"""The bilan after the week, and its photos: only real images, no metadata, consent required."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time
from PIL import ExifTags, Image

from sps.actions import images
from sps.actions.enums import Public
from sps.actions.errors import ActionError, ModerationError
from sps.actions.models import Bilan, BilanPhoto, BilanSupport
from sps.actions.services import bilans, workflow
from sps.audit.models import AuditEntry
from tests.actions.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world):
    return ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], published=True)


def jpeg_with_gps(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCorp"
    exif[ExifTags.Base.Orientation] = 1
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 45.0, 4.1)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 19.0, 24.8)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif, comment=b"Lea, CM2, 9 ans")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that announces a huge image in a few bytes (a decompression bomb's header)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_bilan_keeps_unknown_apart_from_zero(world, published):
    bilan = bilans.bilan_save(
        action=published,
        by=world.contributor,
        participants_pupils="120",
        participants_parents=0,
        participants_staff=None,
        what_worked="  La mobilisation des familles.  ",
    )
    bilan.refresh_from_db()
    assert (bilan.participants_pupils, bilan.participants_parents, bilan.participants_staff) == (120, 0, None)
    assert bilan.participants_label(Public.STAFF) == "N.C." and bilan.participants_label(Public.PARENTS) == "0"
    assert bilan.what_worked == "La mobilisation des familles." and bilan.submitted_at is None
    bilans.bilan_save(action=published, by=world.colleague, submit=True, participants_staff="")
    bilan.refresh_from_db()
    assert bilan.submitted_at is not None and bilan.participants_staff is None
    verbs = list(AuditEntry.objects.for_object(published).values_list("verb", flat=True))
    assert verbs == ["actions.bilan.saved", "actions.bilan.submitted"]


@pytest.mark.parametrize("value,message", [(-1, "entre 0 et"), ("douze", "nombre entier"), (10**7, "entre 0 et")])
def test_bilan_figures_are_checked(world, published, value, message):
    with pytest.raises(ActionError, match=message):
        bilans.bilan_save(action=published, by=world.contributor, participants_pupils=value)


def test_bilan_only_for_published_actions_by_their_porteurs(world):
    draft = ActionFactory(edition=world.edition, created_by=world.contributor, schools=[world.school], validated=True)
    with pytest.raises(ActionError, match="action publiée"):
        bilans.bilan_save(action=draft, by=world.contributor, what_worked="x")
    draft.status = "published"
    draft.save()
    for user in (world.contributor_b, world.relay, world.stranger):
        with pytest.raises(ModerationError):
            bilans.bilan_save(action=draft, by=user, what_worked="x")


def test_bilan_deadline_and_reopening(world, published):
    with freeze_time("2027-05-02 09:00:00"):
        with pytest.raises(ActionError, match="date limite des bilans \\(30 avril 2027\\)"):
            bilans.bilan_save(action=published, by=world.contributor, what_worked="x")
        workflow.action_reopen_bilan(action=published, by=world.academy_pilot)
        bilans.bilan_save(action=published, by=world.contributor, what_worked="x")
    assert Bilan.objects.get(action=published).what_worked == "x"


def test_photo_is_re_encoded_resized_and_stripped_of_exif_gps(world, published):
    data = jpeg_with_gps()
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry a position
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    photo = bilans.bilan_photo_add(
        bilan=bilan, by=world.contributor, file=upload(data, name="Léa Martin CM2.jpg"), consent_confirmed=True
    )
    photo.refresh_from_db()
    assert photo.consent_text == bilans.CONSENT_TEXT
    assert "Léa" not in photo.image.name and photo.image.name.endswith(".jpg")
    assert (photo.width, photo.height) == (2000, 1333)
    with photo.image.open("rb") as f:
        stored = f.read()
    assert b"Exif" not in stored and b"GPS" not in stored and b"PhoneCorp" not in stored and b"Lea" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and len(image.getexif()) == 0 and "exif" not in image.info
    assert "comment" not in image.info
    assert AuditEntry.objects.for_object(published).filter(verb="actions.bilan.photo_added").exists()


def test_photos_and_supports_are_private_files(world, published, settings):
    """Photos of minors are never under MEDIA_ROOT, which the web server hands out at /media/."""
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    photo = bilans.bilan_photo_add(
        bilan=bilan, by=world.contributor, file=upload(jpeg_with_gps()), consent_confirmed=True
    )
    support = bilans.bilan_support_add(
        bilan=bilan,
        by=world.contributor,
        title="Affiche",
        file=upload(b"%PDF-1.4 test", "affiche.pdf", "application/pdf"),
    )
    for field in (photo.image, support.file):
        path = Path(field.path).resolve()
        assert path.is_file() and path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        assert not (Path(settings.MEDIA_ROOT) / field.name).exists()
        with pytest.raises(ValueError):
            field.url  # noqa: B018  (no URL: only the access-checked views serve them)


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted(world, published, fmt):
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, (640, 480), (10, 20, 30)).save(out, format=fmt)
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    photo = bilans.bilan_photo_add(
        bilan=bilan, by=world.contributor, file=upload(out.getvalue(), name=f"x.{fmt.lower()}"), consent_confirmed=True
    )
    assert (photo.width, photo.height) == (640, 480)


def test_exif_orientation_is_applied_before_it_is_dropped(world, published):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # rotated 90°: the stored photo must stand upright
    out = io.BytesIO()
    Image.new("RGB", (400, 300)).save(out, format="JPEG", exif=exif)
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    photo = bilans.bilan_photo_add(
        bilan=bilan, by=world.contributor, file=upload(out.getvalue()), consent_confirmed=True
    )
    assert (photo.width, photo.height) == (300, 400)


def test_consent_is_required(world, published):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    for consent in (False, None, "on"):
        with pytest.raises(ActionError, match="Je confirme détenir l'autorisation") as exc:
            bilans.bilan_photo_add(
                bilan=bilan, by=world.contributor, file=upload(jpeg_with_gps()), consent_confirmed=consent
            )
        assert "consent_confirmed" in exc.value.errors
    assert not BilanPhoto.objects.exists()


@pytest.mark.parametrize(
    "data,name",
    [
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "photo.jpg"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.gif"),
        (b"", "vide.jpg"),
        (b"\xff\xd8\xff\xe0 not really a jpeg", "tronque.jpg"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.png"),
    ],
    ids=["pdf-renamed-jpg", "gif", "empty", "truncated-jpeg", "svg"],
)
def test_anything_but_a_photo_is_refused(world, published, data, name):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    with pytest.raises(ActionError, match="seuls les formats JPEG, PNG et WebP"):
        bilans.bilan_photo_add(bilan=bilan, by=world.contributor, file=upload(data, name=name), consent_confirmed=True)
    assert not BilanPhoto.objects.exists()


def test_a_gif_is_refused_even_when_it_is_a_real_image(world, published):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, format="GIF")
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    with pytest.raises(ActionError, match="JPEG, PNG et WebP"):
        bilans.bilan_photo_add(bilan=bilan, by=world.contributor, file=upload(out.getvalue()), consent_confirmed=True)


def test_a_huge_image_is_refused_before_decoding(world, published):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    bomb = png_header_only(50_000, 50_000)
    assert len(bomb) < 200
    with pytest.raises(ActionError, match="trop grande"):
        bilans.bilan_photo_add(
            bilan=bilan, by=world.contributor, file=upload(bomb, name="x.png"), consent_confirmed=True
        )
    over_limit = png_header_only(8000, 6000)  # 48 megapixels: under Pillow's own bomb limit, over ours
    with pytest.raises(ActionError, match=r"trop grande \(8000 × 6000 pixels\)"):
        bilans.bilan_photo_add(
            bilan=bilan, by=world.contributor, file=upload(over_limit, name="x.png"), consent_confirmed=True
        )


def test_a_file_over_the_size_limit_is_refused(world, published, monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 1000)
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    with pytest.raises(ActionError, match="dépasse"):
        bilans.bilan_photo_add(bilan=bilan, by=world.contributor, file=upload(jpeg_with_gps()), consent_confirmed=True)


def test_supports_file_or_link(world, published):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    support = bilans.bilan_support_add(bilan=bilan, by=world.contributor, title="Film", url="https://video.test/1")
    assert support.url == "https://video.test/1"
    pdf = SimpleUploadedFile("affiche.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert bilans.bilan_support_add(bilan=bilan, by=world.contributor, title="Affiche", file=pdf).file
    with pytest.raises(ActionError, match="l'un ou l'autre"):
        bilans.bilan_support_add(bilan=bilan, by=world.contributor, title="Rien")
    exe = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ActionError, match="Ce type de fichier n'est pas accepté"):
        bilans.bilan_support_add(bilan=bilan, by=world.contributor, title="Programme", file=exe)


def _docx(main_type: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b'<Types><Override ContentType="' + main_type + b'"/></Types>')
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("affiche.pdf", b"MZ not a pdf"),
        ("photo.png", b"\x89PNG but broken"),
        ("compte-rendu.docx", b"PK not a zip"),
        ("compte-rendu.docx", b"sheet"),  # a ZIP of another office type, below
        ("programme.svg", b"<svg onload='alert(1)'/>"),
        ("vide.pdf", b""),
    ],
)
def test_support_content_is_checked_and_nothing_is_written(world, published, name, content):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    if content == b"sheet":
        content = _docx(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    with pytest.raises(ActionError) as error:
        bilans.bilan_support_add(bilan=bilan, by=world.contributor, title="Support", file=upload(content, name))
    assert error.value.errors["file"] and "Le support n'a pas été ajouté." in error.value.message
    assert not BilanSupport.objects.exists()


def test_a_real_office_file_is_accepted_with_a_safe_name(world, published):
    bilan = bilans.bilan_save(action=published, by=world.contributor)
    content = _docx(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    support = bilans.bilan_support_add(
        bilan=bilan, by=world.contributor, title="Compte rendu", file=upload(content, "../Compte rendu.docx")
    )
    assert support.file.name.endswith(".docx") and ".." not in support.file.name
    assert AuditEntry.objects.for_object(published).filter(verb="actions.bilan.support_added").exists()
