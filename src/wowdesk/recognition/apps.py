from datetime import timedelta

from django.apps import AppConfig


class RecognitionConfig(AppConfig):
    name = "wowdesk.recognition"
    label = "recognition"
    verbose_name = "Recognition"

    def ready(self) -> None:
        from wowdesk.recognition.tasks import close_award_months
        from wowdesk.scheduling.registry import register

        # Hourly: months have no fixed length, so no epoch-aligned slot fits them;
        # each run closes whatever months have ended and are not closed yet.
        register(
            name="recognition.close_months",
            every=timedelta(hours=1),
            task=close_award_months,
            description="Close each ended month's Hero and Manager of the Month votes and announce the winners.",
        )
