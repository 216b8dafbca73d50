"""Security headers beyond Django's own: Permissions-Policy, COOP and CORP on every answer."""

from __future__ import annotations


def test_every_page_sends_the_security_headers(client, db):
    response = client.get("/")
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_sends_them_too(client, db):
    response = client.get("/api/communities")
    assert "Permissions-Policy" in response and response["Cross-Origin-Opener-Policy"] == "same-origin"
