"""The starter catalogue installs once; the admin keeps the catalogue and never rewrites a grant."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from wowdesk.gestures.models import CatalogueItem, Gesture, GestureAudit, Kind, Shipment, SuggestionRule
from wowdesk.gestures.starter import ITEMS, RULES, install_starter_catalogue

pytestmark = pytest.mark.django_db


def test_the_starter_catalogue_covers_every_kind_and_installs_once():
    first = install_starter_catalogue()
    again = install_starter_catalogue()

    assert (first.items, first.rules) == (len(ITEMS), len(RULES))
    assert (again.items, again.rules) == (0, 0)
    kinds = set(CatalogueItem.objects.values_list("kind", flat=True))
    assert kinds == set(Kind.values)


def test_the_command_reports_what_it_added():
    out = io.StringIO()
    call_command("gesture_starter_catalogue", stdout=out)
    assert f"Added {len(ITEMS)} catalogue items and {len(RULES)} suggestion rules." in out.getvalue()
    assert SuggestionRule.objects.count() == len(RULES)


@pytest.fixture
def admin_client_(admin_user, login):
    return login(admin_user)


def test_admin_pages_load_with_rows(admin_client_, grant, order):
    gesture = grant("Refund", order=order).gesture
    grant("Flowers with a card")
    grant("Coupon: $20 off")
    for model in ("catalogueitem", "suggestionrule", "gesture", "shipment", "orderrecord", "coupon", "gestureaudit"):
        assert admin_client_.get(reverse(f"admin:gestures_{model}_changelist")).status_code == 200, model
    assert admin_client_.get(reverse("admin:gestures_gesture_change", args=[gesture.pk])).status_code == 200


def test_grants_and_their_history_cannot_be_changed_or_deleted_in_the_admin(admin_client_, grant):
    gesture = grant("Flowers with a card").gesture
    shipment = Shipment.objects.get(gesture=gesture)

    assert (
        admin_client_.post(reverse("admin:gestures_gesture_delete", args=[gesture.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = admin_client_.post(reverse("admin:gestures_shipment_change", args=[shipment.pk]), {"state": "delivered"})
    assert response.status_code == 403
    assert Gesture.objects.count() == 1
    assert Shipment.objects.get(pk=shipment.pk).state == "to_prepare"
    assert GestureAudit.objects.count() == 1


def test_the_retire_action_keeps_past_grants(admin_client_, grant, items):
    grant("Tin of cookies")
    cookies = items["Tin of cookies"]
    response = admin_client_.post(
        reverse("admin:gestures_catalogueitem_changelist"), {"action": "retire", "_selected_action": [cookies.pk]}
    )
    assert response.status_code == 302
    cookies.refresh_from_db()
    assert cookies.is_retired
    assert Gesture.objects.get().item == cookies
    # An item someone received cannot be deleted, only retired.
    assert (
        admin_client_.post(
            reverse("admin:gestures_catalogueitem_delete", args=[cookies.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
