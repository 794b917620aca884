from django.urls import URLPattern, URLResolver, path

from wowdesk.customers import views

app_name = "customers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/merge/", views.customer_merge, name="merge"),
    path("<int:pk>/emails/", views.email_add, name="email_add"),
    path("<int:pk>/phones/", views.phone_add, name="phone_add"),
    path("<int:pk>/handles/", views.handle_add, name="handle_add"),
    path("<int:pk>/notes/", views.rapport_note_add, name="rapport_note_add"),
    path("<int:pk>/moments/", views.life_moment_add, name="life_moment_add"),
    path("<int:pk>/history/<slug:section>/", views.customer_history, name="history"),
]
