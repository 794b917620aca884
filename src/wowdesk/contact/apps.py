from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "wowdesk.contact"
    label = "contact"
    verbose_name = "Contact form"
