"""Back-office screens for customers and their rapport."""

from __future__ import annotations

from django.contrib import admin

from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote, SocialHandle


class CustomerEmailInline(admin.TabularInline[CustomerEmail, Customer]):
    model = CustomerEmail
    extra = 0


class CustomerPhoneInline(admin.TabularInline[CustomerPhone, Customer]):
    model = CustomerPhone
    extra = 0


class SocialHandleInline(admin.TabularInline[SocialHandle, Customer]):
    model = SocialHandle
    extra = 0


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin[Customer]):
    list_display = ["name", "preferred_name", "city", "country", "merged_into", "created_at"]
    list_filter = ["country"]
    list_select_related = ["merged_into"]
    search_fields = ["name", "preferred_name", "emails__email", "phones__number"]
    autocomplete_fields = ["merged_into"]
    inlines = [CustomerEmailInline, CustomerPhoneInline, SocialHandleInline]


@admin.register(RapportNote)
class RapportNoteAdmin(admin.ModelAdmin[RapportNote]):
    list_display = ["customer", "body", "author", "created_at"]
    list_select_related = ["customer", "author"]
    search_fields = ["body", "customer__name"]
    autocomplete_fields = ["customer", "author", "conversation"]


@admin.register(LifeMoment)
class LifeMomentAdmin(admin.ModelAdmin[LifeMoment]):
    list_display = ["customer", "kind", "happened_on", "recorded_by"]
    list_filter = ["kind"]
    list_select_related = ["customer", "recorded_by"]
    search_fields = ["note", "customer__name"]
    autocomplete_fields = ["customer", "recorded_by", "conversation"]
