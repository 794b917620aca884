from django.urls import URLPattern, URLResolver, path

from wowdesk.conversations import views

app_name = "conversations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.inbox, name="inbox"),
    path("conversations/new/", views.conversation_create, name="create"),
    path("conversations/<int:pk>/", views.conversation_detail, name="detail"),
    path("conversations/<int:pk>/reply/", views.reply, name="reply"),
    path("conversations/<int:pk>/note/", views.note, name="note"),
    path("conversations/<int:pk>/status/", views.change_status, name="status"),
    path("conversations/<int:pk>/priority/", views.set_priority, name="priority"),
    path("conversations/<int:pk>/assign/", views.assign, name="assign"),
    path("conversations/<int:pk>/tags/", views.set_tags, name="tags"),
    path("conversations/<int:pk>/merge/", views.merge, name="merge"),
    path("conversations/<int:pk>/calls/start/", views.call_start, name="call_start"),
    path("calls/<int:pk>/stop/", views.call_stop, name="call_stop"),
]
