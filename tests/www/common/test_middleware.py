"""What every request and response goes through (sps/www/common/middleware.py).

NUL: PostgreSQL refuses a NUL character in text (`cannot contain NUL`, a 500), SQLite does not;
run this file on both (DATABASE_URL=postgres://… for the second).
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from tests.actions import conftest as domain_fixtures

world = domain_fixtures.world
pytestmark = pytest.mark.django_db

# --- NUL refused before any view -----------------------------------------------------------

NUL_URLS = [
    "/etablissements/?departement=9%00",
    "/editions/creteil/2026-2027%00/",
    "/compte/invitation/%00/",
    "/pilotage/etablissements/?departement=%00",
    "/etablissements/?q%00=a",
    "/etablissements/%00/",
]


def _assert_french_400(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert "Requête incorrecte" in page
    assert "caractère invalide" in page
    assert '<html lang="fr"' in page


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_url_is_a_french_400_anonymous(client, url):
    _assert_french_400(client.get(url))


@pytest.mark.parametrize("url", NUL_URLS)
def test_nul_in_url_is_a_french_400_logged_in(client, world, url):
    client.force_login(world.academy_pilot)
    _assert_french_400(client.get(url))


def test_nul_in_a_posted_form_field(client, world):
    response = client.post("/compte/connexion/", {"username": "pilote\x00@example.fr", "password": "x"})
    _assert_french_400(response)


def test_nul_in_a_field_name_of_a_form(client):
    _assert_french_400(client.post("/compte/connexion/", {"user\x00name": "a@example.fr", "password": "x"}))


def test_nul_in_a_multipart_field(client, world):
    client.force_login(world.academy_pilot)
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\x00", content_type="image/png")
    _assert_french_400(client.post("/pilotage/", {"file": upload, "title": "a\x00b"}))


def test_files_may_contain_nul_bytes_and_their_names_lose_it(rf):
    # Binary files are full of NUL bytes: only the fields and names are checked. Django's
    # multipart parser already drops a NUL from a file name.
    from sps.www.common.middleware import RejectNulMiddleware

    seen = {}

    def view(request):
        seen["name"] = request.FILES["file"].name
        return HttpResponse("ok")

    upload = SimpleUploadedFile("pho\x00to.png", b"\x89PNG\x00\x00", content_type="image/png")
    response = RejectNulMiddleware(view)(rf.post("/", {"file": upload, "title": "ok"}))
    assert response.status_code == 200
    assert seen["name"] == "photo.png"


@pytest.mark.parametrize("body", ['{"q": "a\\u0000"}', '{"q": "a\x00"}'])
def test_nul_in_a_json_body(client, body):
    _assert_french_400(client.post("/compte/connexion/", body, content_type="application/json"))


def test_nul_in_a_cookie(client):
    client.cookies["sessionid"] = "abc\x00"
    _assert_french_400(client.get("/"))


def test_ordinary_inputs_pass(client, world):
    assert client.get("/etablissements/?departement=94&q=Coll%C3%A8ge").status_code == 200
    response = client.post("/compte/connexion/", {"username": "nobody@example.fr", "password": "wrong-password"})
    assert response.status_code == 200  # the form again, with its error
    assert client.post("/compte/connexion/", json.dumps({"q": "a"}), content_type="application/json").status_code != 400


# --- Headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/etablissements/", "/compte/connexion/", "/page-qui-n-existe-pas/"])
def test_permissions_policy_denies_unused_features(client, url):
    policy = client.get(url)["Permissions-Policy"]
    features = dict(item.strip().split("=") for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_permissions_policy_on_the_nul_refusal_too(client):
    assert "camera=()" in client.get("/etablissements/?departement=%00")["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/etablissements/", "/compte/", "/pilotage/", "/espace/"])
def test_pages_seen_logged_in_are_private_and_not_stored(client, world, url):
    client.force_login(world.academy_pilot)
    cache_control = {part.strip() for part in client.get(url)["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


@pytest.mark.parametrize("url", ["/", "/etablissements/", "/programme/"])
def test_public_pages_seen_anonymously_keep_their_caching(client, url):
    response = client.get(url)
    assert "no-store" not in response.get("Cache-Control", "")
    assert "private" not in response.get("Cache-Control", "")
