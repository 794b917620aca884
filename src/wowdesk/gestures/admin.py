"""Back-office screens: admins keep the catalogue and the suggestion rules; grants are read-only.

Nothing here edits or deletes a grant or its history: a gesture once given
is part of the record. Items are retired, not deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from wowdesk.gestures import services
from wowdesk.gestures.models import (
    CatalogueItem,
    Contribution,
    Coupon,
    CouponRedemption,
    Gesture,
    GestureAudit,
    GestureCustomerTally,
    GestureMonthSpend,
    GestureSpend,
    Huddle,
    HuddleMember,
    OrderRecord,
    Shipment,
    Sidekick,
    SuggestionRule,
)


class ReadOnlyAdmin[M: Any](admin.ModelAdmin[M]):
    """Viewable in the back office; changed only through the services (and so audited)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin[CatalogueItem]):
    list_display = ["name", "kind", "fulfilment_type", "cost", "value", "currency", "position", "retired_at"]
    list_filter = ["kind", ("retired_at", admin.EmptyFieldListFilter)]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    actions = ["retire", "restore"]

    @admin.display(description="fulfilment type")
    def fulfilment_type(self, obj: CatalogueItem) -> str:
        return obj.get_fulfilment_display()

    def has_delete_permission(self, request: HttpRequest, obj: CatalogueItem | None = None) -> bool:
        # An item someone was given stays; retire it instead.
        return obj is None or not obj.grants.exists()

    @admin.action(description="Retire selected items (past grants keep them)")
    def retire(self, request: HttpRequest, queryset: QuerySet[CatalogueItem]) -> None:
        for item in queryset:
            services.catalogue_item_retire(item=item)
        self.message_user(request, f"Retired {queryset.count()} item(s).", messages.SUCCESS)

    @admin.action(description="Offer selected items again")
    def restore(self, request: HttpRequest, queryset: QuerySet[CatalogueItem]) -> None:
        for item in queryset:
            services.catalogue_item_restore(item=item)
        self.message_user(request, f"Restored {queryset.count()} item(s).", messages.SUCCESS)


@admin.register(SuggestionRule)
class SuggestionRuleAdmin(admin.ModelAdmin[SuggestionRule]):
    list_display = ["moment_kind", "item", "hint", "days_before", "days_after", "yearly", "is_active", "position"]
    list_filter = ["moment_kind", "is_active"]
    list_editable = ["is_active", "position"]
    list_select_related = ["item"]
    autocomplete_fields = ["item"]


class CouponInline(admin.StackedInline[Coupon, Gesture]):
    model = Coupon
    extra = 0
    can_delete = False
    readonly_fields = ["code", "value", "currency", "expires_at", "max_uses", "uses"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ShipmentInline(admin.StackedInline[Shipment, Gesture]):
    model = Shipment
    extra = 0
    can_delete = False
    readonly_fields = [
        "state", "recipient", "address", "ship_by", "deliver_by", "carrier", "tracking_number",
        "shipped_at", "delivered_at", "returned_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GestureAuditInline(admin.TabularInline[GestureAudit, Gesture]):
    model = GestureAudit
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "action", "actor", "from_state", "to_state", "detail"]
    fields = ("created_at", "action", "actor", "from_state", "to_state", "detail")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Gesture)
class GestureAdmin(ReadOnlyAdmin[Gesture]):
    list_display = ["granted_at", "item_name", "kind", "customer", "granted_by", "team", "reason", "cost", "currency"]
    list_filter = ["kind", "reason", "team"]
    list_select_related = ["customer", "granted_by", "team"]
    search_fields = ["why", "item_name", "customer__name"]
    date_hierarchy = "granted_at"
    inlines = [CouponInline, ShipmentInline, GestureAuditInline]


@admin.register(OrderRecord)
class OrderRecordAdmin(ReadOnlyAdmin[OrderRecord]):
    list_display = ["id", "kind", "order", "amount", "currency", "state", "due_by"]
    list_filter = ["kind", "state"]
    list_select_related = ["order"]


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin[Shipment]):
    list_display = ["id", "gesture", "recipient", "state", "ship_by", "deliver_by", "tracking_number"]
    list_filter = ["state"]
    list_select_related = ["gesture"]


@admin.register(Coupon)
class CouponAdmin(ReadOnlyAdmin[Coupon]):
    list_display = ["display_code", "value", "currency", "expires_at", "uses", "max_uses"]
    search_fields = ["code"]


@admin.register(GestureAudit)
class GestureAuditAdmin(ReadOnlyAdmin[GestureAudit]):
    list_display = ["created_at", "gesture", "action", "actor", "from_state", "to_state", "detail"]
    list_filter = ["action"]
    list_select_related = ["gesture", "actor"]


@admin.register(HuddleMember)
class HuddleMemberAdmin(ReadOnlyAdmin[HuddleMember]):
    list_display = ["huddle", "user", "invited_by", "joined_at"]
    list_select_related = ["huddle", "user", "invited_by"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin[Contribution]):
    list_display = ["huddle", "author", "kind", "description", "created_at"]
    list_select_related = ["huddle", "author"]


@admin.register(CouponRedemption)
class CouponRedemptionAdmin(ReadOnlyAdmin[CouponRedemption]):
    list_display = ["coupon", "reference", "redeemed_by", "redeemed_at"]
    list_select_related = ["coupon", "redeemed_by"]


class HuddleMemberInline(admin.TabularInline[HuddleMember, Huddle]):
    model = HuddleMember
    extra = 0
    readonly_fields = ["user", "invited_by", "joined_at"]


class ContributionInline(admin.TabularInline[Contribution, Huddle]):
    model = Contribution
    extra = 0
    readonly_fields = ["author", "kind", "description", "created_at"]


@admin.register(Huddle)
class HuddleAdmin(ReadOnlyAdmin[Huddle]):
    list_display = ["gesture", "purpose", "opened_by", "opened_at"]
    list_select_related = ["gesture", "opened_by"]
    inlines = [HuddleMemberInline, ContributionInline]


@admin.register(Sidekick)
class SidekickAdmin(ReadOnlyAdmin[Sidekick]):
    list_display = ["user", "gesture", "added_at"]
    list_select_related = ["user", "gesture"]


# Running totals: derived from the grants, kept by the grant service, rebuilt with gesture_totals_rebuild.


@admin.register(GestureMonthSpend)
class GestureMonthSpendAdmin(ReadOnlyAdmin[GestureMonthSpend]):
    list_display = ["month", "kind", "reason", "currency", "count", "total"]
    list_filter = ["kind", "reason"]


@admin.register(GestureSpend)
class GestureSpendAdmin(ReadOnlyAdmin[GestureSpend]):
    list_display = ["month", "team", "granted_by", "kind", "reason", "currency", "count", "total"]
    list_select_related = ["team", "granted_by"]


@admin.register(GestureCustomerTally)
class GestureCustomerTallyAdmin(ReadOnlyAdmin[GestureCustomerTally]):
    list_display = ["customer", "count", "last_granted_at"]
    list_select_related = ["customer"]
    raw_id_fields = ["customer"]
