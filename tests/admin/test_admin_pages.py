"""Every model has a working back-office page, and history stays read-only there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    CallFactory,
    ConversationFactory,
    CustomerEmailFactory,
    CustomerPhoneFactory,
    LifeMomentFactory,
    OrderItemFactory,
    ProblemReportFactory,
    RapportNoteFactory,
    TimelineEntryFactory,
    UserFactory,
)
from wowdesk.accounts.models import ApiToken, Department, Team, User
from wowdesk.accounts.services import api_token_create
from wowdesk.conversations.models import Call, Conversation, Tag, TimelineEntry
from wowdesk.conversations.services import conversation_set_tags
from wowdesk.customers.models import Customer, LifeMoment, RapportNote
from wowdesk.orders.models import Order, ProblemReport

WOWDESK_MODELS: list[type[Model]] = [
    Department,
    Team,
    User,
    ApiToken,
    Customer,
    RapportNote,
    LifeMoment,
    Tag,
    Conversation,
    TimelineEntry,
    Call,
    Order,
    ProblemReport,
]


def _make_rows(count: int, *, actor: User) -> None:
    """``count`` rows of every model, each wired to the others the way real data is."""
    for i in range(count):
        user = UserFactory.create()
        email = CustomerEmailFactory.create()
        customer = email.customer
        CustomerPhoneFactory.create(customer=customer)
        RapportNoteFactory.create(customer=customer, author=user)
        LifeMomentFactory.create(customer=customer, recorded_by=user)
        conversation = ConversationFactory.create(customer=customer, assignee=user, team=user.team)
        conversation_set_tags(actor=actor, conversation=conversation, names=[f"tag-{i}", "shoes"])
        TimelineEntryFactory.create(conversation=conversation)
        CallFactory.create(conversation=conversation, agent=user)
        item = OrderItemFactory.create(order__customer=customer)
        ProblemReportFactory.create(order=item.order, conversation=conversation, reported_by=user)
        api_token_create(user=user, name=f"laptop {i}")


def _changelist(model: type[Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _change(obj: Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def admin_client_(admin_user, login) -> Client:
    client: Client = login(admin_user)
    return client


def test_every_wowdesk_model_is_registered_in_the_admin():
    # Unmanaged models (such as a search index table) are not data anyone edits.
    ours = [m for m in apps.get_models() if m.__module__.startswith("wowdesk.") and m._meta.managed]
    unregistered = {m.__name__ for m in ours} - {m.__name__ for m in admin.site._registry}
    # Contact details are edited inline on the customer, order lines on the order.
    assert unregistered <= {"CustomerEmail", "CustomerPhone", "SocialHandle", "OrderItem"}
    assert set(WOWDESK_MODELS) <= set(admin.site._registry)


@pytest.mark.django_db
@pytest.mark.parametrize("model", WOWDESK_MODELS, ids=lambda m: m.__name__)
def test_superuser_sees_changelist_and_change_page_with_rows(model, admin_user, admin_client_):
    _make_rows(2, actor=admin_user)
    obj = model._default_manager.order_by("pk").last()
    assert obj is not None

    listing = admin_client_.get(_changelist(model))
    detail = admin_client_.get(_change(obj))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model._default_manager.count() > 0
    assert detail.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", WOWDESK_MODELS, ids=lambda m: m.__name__)
def test_changelist_query_count_does_not_grow_with_rows(model, admin_user, admin_client_, django_assert_num_queries):
    _make_rows(2, actor=admin_user)
    admin_client_.get(_changelist(model))  # warm session and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert admin_client_.get(_changelist(model)).status_code == 200
    _make_rows(4, actor=admin_user)
    with django_assert_num_queries(len(few.captured_queries)):
        assert admin_client_.get(_changelist(model)).status_code == 200


@pytest.mark.django_db
def test_customer_change_page_shows_contact_details_inline(admin_user, admin_client_):
    email = CustomerEmailFactory.create(email="ines@example.com")
    CustomerPhoneFactory.create(customer=email.customer, number="+1 555 0100")

    page = admin_client_.get(_change(email.customer)).content.decode()

    assert "ines@example.com" in page
    assert "+1 555 0100" in page


@pytest.mark.django_db
def test_order_change_page_lists_its_items(admin_client_):
    item = OrderItemFactory.create(description="Trail shoes, size 39")

    page = admin_client_.get(_change(item.order)).content.decode()

    assert "Trail shoes, size 39" in page


@pytest.mark.django_db
def test_timeline_admin_refuses_to_change_an_entry(admin_client_):
    entry = TimelineEntryFactory.create(body="What the customer wrote")

    page = admin_client_.get(_change(entry))
    post = admin_client_.post(_change(entry), {"body": "Rewritten history"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert post.status_code == 403
    entry.refresh_from_db()
    assert entry.body == "What the customer wrote"


@pytest.mark.django_db
def test_timeline_admin_refuses_to_delete_or_add_entries(admin_client_):
    entry = TimelineEntryFactory.create()
    meta = TimelineEntry._meta

    delete_page = admin_client_.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[entry.pk]))
    delete_post = admin_client_.post(reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[entry.pk]))
    bulk = admin_client_.post(
        _changelist(TimelineEntry), {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    add_page = admin_client_.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))

    assert delete_page.status_code == 403
    assert delete_post.status_code == 403
    assert add_page.status_code == 403
    assert bulk.status_code in {200, 302}
    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_conversation_admin_refuses_delete_because_it_would_erase_the_timeline(admin_client_):
    entry = TimelineEntryFactory.create()
    meta = Conversation._meta

    response = admin_client_.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[entry.conversation_id]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert TimelineEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_api_token_admin_shows_digest_read_only_and_can_revoke(admin_user, admin_client_):
    token, secret = api_token_create(user=admin_user, name="ci")
    meta = ApiToken._meta

    page = admin_client_.get(_change(token)).content.decode()
    add_page = admin_client_.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    admin_client_.post(_changelist(ApiToken), {"action": "revoke_tokens", "_selected_action": [token.pk]})

    assert token.digest in page
    assert secret not in page
    assert add_page.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_user_change_page_edits_role_and_team(admin_client_, rep, other_team):
    form = admin_client_.get(_change(rep)).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"groups", "user_permissions"}}
    data.update(
        role=User.Role.LEAD,
        team=other_team.pk,
        department=other_team.department_id,
        date_joined_0=timezone.localdate().isoformat(),
        date_joined_1="09:00:00",
        last_login_0="",
        last_login_1="",
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)

    response = admin_client_.post(_change(rep), data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    rep.refresh_from_db()
    assert (rep.role, rep.team_id) == (User.Role.LEAD, other_team.pk)


@pytest.mark.django_db
def test_call_admin_shows_a_long_call_duration(admin_client_):
    start = timezone.now() - dt.timedelta(hours=10)
    CallFactory.create(started_at=start, ended_at=start + dt.timedelta(hours=10), duration_seconds=36_000)

    listing = admin_client_.get(_changelist(Call)).content.decode()

    assert "36000" in listing or "36,000" in listing
