from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wowdesk.demo"
    label = "demo"
