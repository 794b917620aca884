from django.contrib import admin
from django.http import HttpRequest

from wowdesk.contact.models import ContactSubmission, ThrottleBucket


@admin.register(ContactSubmission)
class ContactSubmissionAdmin(admin.ModelAdmin[ContactSubmission]):
    list_display = ["id", "name", "email", "order_number", "conversation", "created_at"]
    list_select_related = ["conversation"]
    search_fields = ["name", "email", "order_number"]
    readonly_fields = ["conversation", "ip_digest", "created_at"]


@admin.register(ThrottleBucket)
class ThrottleBucketAdmin(admin.ModelAdmin[ThrottleBucket]):
    """Clearing a bucket lifts a rate limit early; nothing else here is editable."""

    list_display = ["key", "window_start", "hits"]
    readonly_fields = ["key", "window_start", "hits"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
