from django.contrib import admin
from django.http import HttpRequest

from wowdesk.social.models import SocialMention, SocialSource


@admin.register(SocialSource)
class SocialSourceAdmin(admin.ModelAdmin[SocialSource]):
    list_display = ["name", "secret_prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["secret_digest"]
    readonly_fields = ["secret_prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A secret must be shown once when created, which the web page and API do.
        return False


@admin.register(SocialMention)
class SocialMentionAdmin(admin.ModelAdmin[SocialMention]):
    list_display = ["id", "network", "author_handle", "posted_at", "conversation", "followed_up_at"]
    list_filter = ["network"]
    list_select_related = ["conversation"]
    search_fields = ["author_handle", "author_name", "text", "url"]
    raw_id_fields = ["customer", "conversation", "followed_up_by", "source"]
