"""Back-office screens for orders and the problems reported on them."""

from __future__ import annotations

from django.contrib import admin

from wowdesk.orders.models import Order, OrderItem, ProblemReport


class OrderItemInline(admin.TabularInline[OrderItem, Order]):
    model = OrderItem
    extra = 0


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ["number", "customer", "status", "total", "currency", "placed_at"]
    list_filter = ["status", "currency"]
    list_select_related = ["customer"]
    search_fields = ["number", "customer__name"]
    autocomplete_fields = ["customer"]
    inlines = [OrderItemInline]


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin[ProblemReport]):
    list_display = ["id", "kind", "order", "conversation", "reported_by", "created_at", "resolved_at"]
    list_filter = ["kind"]
    list_select_related = ["order", "conversation", "reported_by"]
    search_fields = ["order__number", "description"]
    autocomplete_fields = ["order", "conversation", "reported_by"]
