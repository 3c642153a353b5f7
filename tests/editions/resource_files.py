"""Small real files for the kit's tests, built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def pdf_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(out, format="PDF")
    return out.getvalue()


def png_bytes(size=(40, 20), color="#000091") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 30), "red").save(out, format="JPEG")
    return out.getvalue()


def docx_bytes(content_types: str = CONTENT_TYPES_DOCX) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def odt_bytes(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
