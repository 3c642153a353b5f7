"""Around every API view: rate limit (429, French), CORS, caching, NUL bytes, French 404s."""

import pytest

from tests.api.helpers import published

pytestmark = pytest.mark.django_db


def test_rate_limit_returns_429_with_a_french_body(client, settings):
    settings.API_RATE_LIMIT = {"REQUESTS": 3, "WINDOW_SECONDS": 60}
    for _ in range(3):
        assert client.get("/api/territories/academies").status_code == 200
    response = client.get("/api/actions")
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Trop de requêtes\u00a0: la limite est atteinte")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    assert response["Access-Control-Allow-Origin"] == "*"
    # Another client has its own count.
    assert client.get("/api/actions", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_rate_limit_counts_the_client_behind_the_trusted_proxy(client, settings):
    settings.API_RATE_LIMIT = {"REQUESTS": 1, "WINDOW_SECONDS": 60}
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/api/actions", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
    assert client.get("/api/actions", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert client.get("/api/actions", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200


def test_cors_and_public_cache_on_answers(client):
    action = published()
    for url in ("/api/actions", f"/api/actions/{action.pk}", "/api/openapi.json"):
        response = client.get(url, HTTP_ORIGIN="https://www.ac-creteil.fr")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


def test_cors_preflight(client):
    response = client.options("/api/actions", HTTP_ORIGIN="https://www.ac-creteil.fr")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_logged_in_users_get_the_same_public_answer(client):
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get("/api/actions")
    assert response.status_code == 200 and "public" in response["Cache-Control"]


def test_nul_bytes_get_a_french_json_400(client):
    response = client.get("/api/actions", {"q": "th\x00éâtre"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "caractère nul" in response.json()["detail"]


def test_errors_are_not_cached_and_are_french(client):
    response = client.get("/api/schools/0000000Z")
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert response.json()["detail"].startswith("Établissement introuvable")
    response = client.get("/api/editions/424242")
    assert response.status_code == 404 and response.json()["detail"].startswith("Édition introuvable")


def test_the_api_needs_no_login(client):
    response = client.get("/api/territories/academies")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/actions/99999999999999999999999",
        "/api/editions/99999999999999999999999",
        "/api/actions/-1",
        "/api/inconnue",
        "/api/schools/%C3%A9",
    ],
)
def test_out_of_range_or_unknown_addresses_are_french_json_404s(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_root_points_to_the_documentation(client):
    body = client.get("/api/").json()
    assert body["openapi"].endswith("/api/openapi.json") and body["documentation"].endswith("/api/docs")
