"""Back-office screens for staff, teams and API tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import ApiToken, Department, Team, User
from wowdesk.accounts.services import api_token_revoke


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin[Department]):
    list_display = ["name", "slug", "is_customer_service"]
    list_filter = ["is_customer_service"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ["name", "slug", "department"]
    list_filter = ["department"]
    list_select_related = ["department"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["department"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "team", "department", "is_active"]
    list_filter = ["role", "team", "department", "is_active", "is_staff"]
    list_select_related = ["team", "department"]
    autocomplete_fields = ["team", "department"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Role and team"), {"fields": ("role", "title", "department", "team")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Role and team"), {"fields": ("role", "department", "team")}),
    )


@admin.action(description=_("Revoke selected tokens"))
def revoke_tokens(modeladmin: admin.ModelAdmin[ApiToken], request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
    for token in queryset:
        api_token_revoke(token=token)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens are made by their owner on the profile page, where the secret is
    shown once; here they can only be inspected and revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]
    actions = [revoke_tokens]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
