"""The back office lists candidates and scorecards; scorecards cannot be edited there either."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.hiring.conftest import card
from wowdesk.hiring.models import Candidate, PanelMember, Scorecard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Candidate, PanelMember, Scorecard], ids=lambda m: m.__name__)
def test_changelist_and_change_page_render(model, interviewing, rep, admin_user, login):
    card(interviewing, rep)
    client = login(admin_user)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    obj = model._default_manager.first()
    page = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))
    assert page.status_code == 200
    if model is Scorecard:
        assert not admin.site._registry[model].has_change_permission(page.wsgi_request, obj)
