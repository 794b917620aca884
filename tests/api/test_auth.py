"""Authentication: tokens, sessions, CSRF, and the OpenAPI schema and docs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.api.conftest import ApiClient
from tests.factories import CustomerFactory
from wowdesk.accounts.models import ApiToken
from wowdesk.accounts.services import api_token_create, api_token_revoke
from wowdesk.customers.models import Customer

pytestmark = pytest.mark.django_db

EXPECTED_PATHS = {
    "/api/me",
    "/api/staff",
    "/api/staff/{pk}",
    "/api/teams",
    "/api/teams/{pk}",
    "/api/departments",
    "/api/tokens",
    "/api/tokens/{pk}/revoke",
    "/api/customers",
    "/api/customers/{pk}",
    "/api/customers/{pk}/emails",
    "/api/customers/{pk}/phones",
    "/api/customers/{pk}/social-handles",
    "/api/customers/{pk}/merge",
    "/api/customers/{pk}/conversations",
    "/api/customers/{pk}/rapport-notes",
    "/api/customers/{pk}/life-moments",
    "/api/customers/{pk}/orders",
    "/api/conversations",
    "/api/conversations/{pk}",
    "/api/conversations/{pk}/timeline",
    "/api/conversations/{pk}/replies",
    "/api/conversations/{pk}/notes",
    "/api/conversations/{pk}/status",
    "/api/conversations/{pk}/assignment",
    "/api/conversations/{pk}/priority",
    "/api/conversations/{pk}/tags",
    "/api/conversations/{pk}/merge",
    "/api/conversations/{pk}/calls",
    "/api/conversations/{pk}/problem-reports",
    "/api/calls/{pk}",
    "/api/calls/{pk}/stop",
    "/api/orders/{pk}",
    "/api/orders/{pk}/status",
    "/api/search/conversations",
    "/api/search/customers",
    "/api/schedules",
    "/api/schedules/{name}/run",
    "/api/gesture-catalogue",
    "/api/gesture-catalogue/{pk}",
    "/api/gesture-catalogue/{pk}/retire",
    "/api/gestures",
    "/api/gesture-summary",
    "/api/gestures/{pk}",
    "/api/gestures/{pk}/audit",
    "/api/conversations/{pk}/gestures",
    "/api/conversations/{pk}/gesture-suggestions",
    "/api/conversations/{pk}/sidekicks",
    "/api/customers/{pk}/gestures",
    "/api/coupons/{code}",
    "/api/coupon-redemptions",
    "/api/fulfilment/shipments",
    "/api/fulfilment/shipments/{pk}",
    "/api/fulfilment/shipments/{pk}/moves",
    "/api/fulfilment/order-records",
    "/api/fulfilment/order-records/{pk}",
    "/api/fulfilment/order-records/{pk}/moves",
    "/api/gestures/{pk}/huddle",
    "/api/gestures/{pk}/huddle/members",
    "/api/gestures/{pk}/huddle/contributions",
    "/api/mail/inbound",
    "/api/mail/outbox",
    "/api/mail/outbox/{pk}",
    "/api/mail/outbox/{pk}/retry",
    "/api/conversations/{pk}/emails",
    "/api/mail/mailboxes",
    "/api/mail/mailboxes/{pk}",
    "/api/mail/mailboxes/{pk}/relay-secret",
    "/api/mail/rejects",
    "/api/mail/rejects/{pk}",
    "/api/mail/attachments/{key}",
    "/api/contact",
    "/api/contact/submissions",
    "/api/social/mentions",
    "/api/social/mentions/{pk}",
    "/api/social/mentions/{pk}/follow-up",
    "/api/social/sources",
    "/api/social/sources/{pk}/revoke",
    "/api/awards",
    "/api/card-batch/pdf",
    "/api/card-batch/printed",
    "/api/card-time",
    "/api/card-time/finish",
    "/api/card-time/start",
    "/api/card-time/suggestions",
    "/api/card-votes",
    "/api/cards",
    "/api/cards-of-the-week",
    "/api/cards-of-the-week/cards/{pk}/drawing",
    "/api/cards-of-the-week/current",
    "/api/cards/{pk}",
    "/api/cards/{pk}/drawing",
    "/api/cards/{pk}/mailed",
    "/api/cards/{pk}/pdf",
    "/api/cards/{pk}/printed",
    "/api/nominations",
    "/api/nominations/{pk}",
    "/api/nominations/{pk}/votes",
    "/api/staff/{pk}/recognition",
    "/api/teams/{pk}/card-time",
    "/api/wall-of-fame",
    "/api/legends",
    "/api/legends/{pk}",
    "/api/legends/{pk}/checks",
    "/api/legends/{pk}/transitions",
    "/api/legends/{pk}/redaction-preview",
    "/api/legends/{pk}/redaction",
    "/api/legends/{pk}/versions",
    "/api/legends/{pk}/versions/{number}",
    "/api/legends/{pk}/comments",
    "/api/legends/{pk}/reactions/{kind}",
    "/api/legends/{pk}/read",
    "/api/legends/{pk}/clip",
    "/api/legends/{pk}/clip/check",
    "/api/legend-values",
    "/api/legend-values/{pk}",
    "/api/legend-candidates",
    "/api/legend-candidates/{pk}",
    "/api/legend-candidates/{pk}/dismiss",
    "/api/legend-candidates/{pk}/restore",
    "/api/legends/{pk}/consents",
    "/api/legends/{pk}/consents/email",
    "/api/legends/{pk}/consents/call",
    "/api/legend-consents/{pk}/withdraw",
    "/api/public/legend-consent/{token}",
    "/api/public/customer-stories",
    "/api/customer-stories",
    "/api/customer-stories/{pk}/accept",
    "/api/customer-stories/{pk}/reject",
    "/api/public/legends",
    "/api/public/legends/{pk}",
    "/api/legend-reading-lists",
    "/api/legend-reading-lists/{pk}",
    "/api/legend-reading-lists/{pk}/items",
    "/api/legend-reading-lists/{pk}/items/{legend_id}",
    "/api/legend-reading-lists/{pk}/items/{legend_id}/move",
    # happiness
    "/api/surveys/{token}",
    "/api/surveys/{token}/grade",
    "/api/grades",
    "/api/conversations/{pk}/happiness",
    "/api/recoveries",
    "/api/recoveries/{pk}",
    "/api/recoveries/{pk}/close",
    "/api/polls",
    "/api/polls/{pk}",
    "/api/polls/{pk}/answers",
    "/api/polls/{pk}/results",
    "/api/polls/{pk}/close",
    "/api/happiness/dashboard",
    "/api/happiness/people",
    # onboarding
    "/api/onboarding/stints",
    "/api/onboarding/stints/{pk}",
    "/api/onboarding/me",
    "/api/onboarding/stints/{pk}/check-ins",
    "/api/onboarding/stints/{pk}/milestones",
    "/api/onboarding/stints/{pk}/extend",
    "/api/onboarding/stints/{pk}/graduate",
    "/api/round-items",
    "/api/round-items/{pk}",
    "/api/round-items/{pk}/claim",
    "/api/round-items/{pk}/release",
    "/api/round-items/{pk}/complete",
    "/api/round-items/{pk}/skip",
    "/api/rounds",
    "/api/candidates",
    "/api/candidates/{pk}",
    "/api/candidates/{pk}/panel",
    "/api/candidates/{pk}/panel/{user_id}",
    "/api/candidates/{pk}/scorecards",
    "/api/candidates/{pk}/status",
}


def _unauthorised(response) -> bool:
    return bool(response.status_code == 401 and response.json()["detail"][0]["field"] == "__all__")


def test_request_without_credentials_is_401_json_not_a_login_redirect():
    response = Client().get("/api/conversations")
    assert _unauthorised(response)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_write_without_credentials_is_401_before_any_validation():
    response = Client().post("/api/customers", {"name": ""}, content_type="application/json")
    assert _unauthorised(response)


def test_valid_token_authenticates_and_records_last_use(rep):
    token, secret = api_token_create(user=rep, name="script")
    response = ApiClient(secret).get("/me")
    assert response.status_code == 200
    assert response.json()["username"] == "rita"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoked_token_is_401(rep):
    token, secret = api_token_create(user=rep, name="script")
    api_token_revoke(token=token)
    assert _unauthorised(ApiClient(secret).get("/me"))


def test_unknown_and_malformed_tokens_are_401():
    assert _unauthorised(ApiClient("wdk_not-a-real-token").get("/me"))
    assert _unauthorised(Client(headers={"Authorization": "Basic dXNlcjpwdw=="}).get("/api/me"))
    assert _unauthorised(Client(headers={"Authorization": "Bearer"}).get("/api/me"))


def test_token_of_inactive_user_is_401(rep):
    _token, secret = api_token_create(user=rep, name="script")
    rep.is_active = False
    rep.save(update_fields=["is_active"])
    assert _unauthorised(ApiClient(secret).get("/me"))


def test_session_of_inactive_user_is_401(rep, login):
    client = login(rep)
    rep.is_active = False
    rep.save(update_fields=["is_active"])
    assert _unauthorised(client.get("/api/me"))


def test_session_authenticates_reads(rep_client):
    response = rep_client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "rita"


def test_session_write_without_csrf_token_is_403_and_writes_nothing(rep, login):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rep)
    response = client.post("/api/customers", {"name": "Ann Example"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"][0]["message"].startswith("CSRF")
    assert not Customer.objects.exists()


def test_session_write_with_csrf_token_succeeds(rep):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the login form sets the csrftoken cookie
    client.force_login(rep)
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/customers", {"name": "Ann Example"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201, response.content


def test_token_write_needs_no_csrf_token(rep):
    _token, secret = api_token_create(user=rep, name="script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    response = client.post("/api/customers", {"name": "Ann Example"}, content_type="application/json")
    assert response.status_code == 201


def test_presented_token_decides_even_with_a_logged_in_session(rep, rep_client):
    token, secret = api_token_create(user=rep, name="script")
    api_token_revoke(token=token)
    assert _unauthorised(rep_client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}))


def test_tokens_are_stored_only_as_digests(rep_api):
    response = rep_api.post("/tokens", {"name": "laptop"})
    assert response.status_code == 201
    secret = response.json()["secret"]
    assert secret.startswith("wdk_")
    assert not ApiToken.objects.filter(digest=secret).exists()
    assert ApiClient(secret).get("/me").status_code == 200


def test_openapi_schema_lists_every_path_for_a_token_holder(rep_api):
    response = rep_api.get("/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == EXPECTED_PATHS
    operation_ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(operation_ids) == len(set(operation_ids))
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])


def test_openapi_schema_loads_for_a_logged_in_browser(rep_client):
    assert rep_client.get("/api/openapi.json").status_code == 200


def test_openapi_schema_is_401_for_anonymous_and_revoked_callers(rep):
    assert _unauthorised(Client().get("/api/openapi.json"))
    token, secret = api_token_create(user=rep, name="script")
    api_token_revoke(token=token)
    assert _unauthorised(ApiClient(secret).get("/openapi.json"))


def test_docs_render_for_a_logged_in_browser(rep_client):
    response = rep_client.get("/api/docs")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
    assert b"/api/openapi.json" in response.content


def test_docs_send_anonymous_browsers_to_the_login_page():
    response = Client().get("/api/docs")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Not staff endpoints: the public contact form, and webhooks that authenticate with their own
# secrets (a mailbox's relay secret, a social source's secret), never with a session or an API token.
NOT_STAFF_OPERATIONS = {("POST", "/api/contact"), ("POST", "/api/mail/inbound"), ("POST", "/api/social/mentions")}
# Public legends pages' JSON twins: the public list and stories, customers telling theirs, and the consent link.
NOT_STAFF_OPERATIONS |= {
    ("GET", "/api/public/legends"),
    ("GET", "/api/public/legends/{pk}"),
    ("GET", "/api/public/customer-stories"),
    ("POST", "/api/public/customer-stories"),
    ("GET", "/api/public/legend-consent/{token}"),
    ("POST", "/api/public/legend-consent/{token}"),
}
# The customer's survey link: its token is the credential (tests/happiness/test_api.py).
NOT_STAFF_OPERATIONS |= {("GET", "/api/surveys/{token}"), ("POST", "/api/surveys/{token}/grade")}


def _operations(api: ApiClient) -> list[tuple[str, str]]:
    schema = api.get("/openapi.json").json()
    customer = CustomerFactory.create()
    return [
        (method.upper(), path.replace("{pk}", str(customer.pk)))
        for path, operations in schema["paths"].items()
        for method in operations
        if (method.upper(), path) not in NOT_STAFF_OPERATIONS
    ]


def test_every_operation_refuses_anonymous_and_revoked_callers(rep, rep_api):
    token, secret = api_token_create(user=rep, name="old")
    api_token_revoke(token=token)
    for client in (Client(), Client(headers={"Authorization": f"Bearer {secret}"})):
        for method, url in _operations(rep_api):
            response = client.generic(method, url, b"{}", content_type="application/json")
            assert _unauthorised(response), (method, url, response.status_code)


def test_every_unsafe_operation_enforces_csrf_on_session_auth(rep, rep_api):
    client = Client(enforce_csrf_checks=True)
    client.force_login(rep)
    unsafe = [(m, u) for m, u in _operations(rep_api) if m not in ("GET", "HEAD")]
    assert unsafe
    for method, url in unsafe:
        response = client.generic(method, url, b"{}", content_type="application/json")
        assert response.status_code == 403, (method, url, response.status_code)
