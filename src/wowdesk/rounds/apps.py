from datetime import timedelta

from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "wowdesk.rounds"
    label = "rounds"
    verbose_name = "Everyday rounds"

    def ready(self) -> None:
        from wowdesk.rounds.tasks import generate_morning_round
        from wowdesk.scheduling.registry import register

        # Every quarter hour rather than once a day: epoch-aligned daily slots would fall at midnight UTC,
        # and a short interval both finds the local morning and catches up after downtime. Once the
        # day's round exists each run is one SELECT.
        register(
            name="rounds.morning",
            every=timedelta(minutes=15),
            task=generate_morning_round,
            description="Generate the day's round of proactive checks once the working day starts.",
        )
