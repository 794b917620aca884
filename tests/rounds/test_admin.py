"""The back office lists rounds and items; rounds are never typed in by hand."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from wowdesk.rounds.models import Round, RoundItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Round, RoundItem], ids=lambda m: m.__name__)
def test_changelist_and_change_page_render(model, item, admin_user, login):
    item()
    client = login(admin_user)
    meta = model._meta
    listing = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    page = client.get(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[model._default_manager.get().pk])
    )

    assert listing.status_code == 200
    assert page.status_code == 200
    assert not admin.site._registry[model].has_add_permission(page.wsgi_request)
