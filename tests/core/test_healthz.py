"""/healthz/: answers without a login and without touching the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_healthz_answers_anonymous_callers_without_a_query():
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"].startswith("max-age=0")
    assert len(queries) == 0


@pytest.mark.django_db
def test_healthz_accepts_only_get():
    assert Client().post("/healthz/").status_code == 405
