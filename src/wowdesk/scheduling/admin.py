from django.contrib import admin

from wowdesk.scheduling.models import ScheduledRun


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    list_display = ["name", "slot", "enqueued_at", "task_result_id"]
    list_filter = ["name"]
    date_hierarchy = "slot"

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
