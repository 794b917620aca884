from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "wowdesk.search"
    label = "search"
