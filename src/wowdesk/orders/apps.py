from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "wowdesk.orders"
    label = "orders"
