from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "wowdesk.social"
    label = "social"
    verbose_name = "Social mentions"
