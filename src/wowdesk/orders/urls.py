from django.urls import URLPattern, URLResolver, path

from wowdesk.orders import views

app_name = "orders"
urlpatterns: list[URLPattern | URLResolver] = [
    path("new/", views.order_create, name="create"),
    path("<int:pk>/", views.order_detail, name="detail"),
    path("<int:pk>/status/", views.order_set_status, name="set_status"),
    path("<int:pk>/problems/", views.problem_add, name="problem_add"),
]
