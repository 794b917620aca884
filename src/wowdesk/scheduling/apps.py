from datetime import timedelta

from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "wowdesk.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        from wowdesk.scheduling.registry import register
        from wowdesk.scheduling.tasks import prune_finished_task_results

        register(
            name="scheduling.prune_task_results",
            every=timedelta(hours=6),
            task=prune_finished_task_results,
            description="Delete finished background-job results older than 30 days.",
        )
