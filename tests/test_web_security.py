"""Errors never leak internals; security headers on every kind of response."""

from fastapi.testclient import TestClient
from web_fixtures import web_client  # noqa: F401 - fixture

from policykg.web.app import create_app
from policykg.web.settings import Settings


def test_unexpected_error_is_a_500_json_without_traceback(built_store_dir):
    app = create_app(Settings(data_dir=built_store_dir, query_workers=1))

    @app.get("/boom")
    async def boom():
        raise RuntimeError("secret internals /etc/passwd")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error", "status": 500}
    assert "secret" not in response.text


def test_unknown_path_and_method_are_json(web_client):  # noqa: F811
    missing = web_client.get("/no/such/page")
    assert missing.status_code == 404 and missing.json()["status"] == 404
    put = web_client.put("/sparql", content=b"ASK {}")
    assert put.status_code == 405 and "error" in put.json()


def test_headers_on_json_static_and_errors(web_client):  # noqa: F811
    for response in (web_client.get("/api/stats"),
                     web_client.get("/static/js/search.js"),
                     web_client.get("/no/such/page")):
        assert "content-security-policy" in response.headers
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'self'" in web_client.get("/").headers["content-security-policy"]
