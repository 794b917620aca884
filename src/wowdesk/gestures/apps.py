from django.apps import AppConfig


class GesturesConfig(AppConfig):
    name = "wowdesk.gestures"
    label = "gestures"
    verbose_name = "Wow gestures"
