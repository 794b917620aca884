from datetime import timedelta

from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "wowdesk.cards"
    label = "cards"
    verbose_name = "Cards"

    def ready(self) -> None:
        from wowdesk.cards.tasks import close_card_weeks
        from wowdesk.scheduling.registry import register

        # Hourly rather than weekly: epoch-aligned weekly slots would start on
        # Thursdays, and an hourly check closes a week within the hour after
        # it ends in local time, and catches up after any downtime.
        register(
            name="cards.close_weeks",
            every=timedelta(hours=1),
            task=close_card_weeks,
            description="Close each ended week's Card of the Week vote and announce the winner.",
        )
