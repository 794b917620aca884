from datetime import timedelta

from django.apps import AppConfig


class LegendsConfig(AppConfig):
    name = "wowdesk.legends"
    label = "legends"
    verbose_name = "Legends"

    def ready(self) -> None:
        from wowdesk.legends.tasks import find_legend_candidates
        from wowdesk.scheduling.registry import register

        # Hourly over the last week: the finder is idempotent (one row per subject and
        # reason), so overlapping windows cost a few index lookups and add nothing twice.
        register(
            name="legends.find_candidates",
            every=timedelta(hours=1),
            task=find_legend_candidates,
            description="Look through the last week's calls, gestures, awards, mentions and customer stories "
            "for stories worth telling, and propose them on the legend candidates page.",
        )
