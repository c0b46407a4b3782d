"""Signing in and reading form tokens, shared by the workspace's TestClient tests."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no form token on the page"
    return match.group(1)


def sign_in(client: TestClient, key: str) -> None:
    token = form_token(client.get("/login").text)
    response = client.post("/login", data={"api_key": key, "csrf_token": token, "next": "/"})
    assert response.status_code == 200, response.text
    assert response.url.path == "/"
