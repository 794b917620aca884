from django.apps import AppConfig


class HiringConfig(AppConfig):
    name = "wowdesk.hiring"
    label = "hiring"
    verbose_name = "Hiring panels"
