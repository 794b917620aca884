from datetime import timedelta

from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "wowdesk.contact"
    label = "contact"
    verbose_name = "Contact form"

    def ready(self) -> None:
        from wowdesk.contact.tasks import prune_contact_throttle
        from wowdesk.scheduling.registry import register

        register(
            name="contact.prune_throttle",
            every=timedelta(hours=1),
            task=prune_contact_throttle,
            description="Forget contact-form rate-limit counts older than an hour.",
        )
