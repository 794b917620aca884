from django.urls import URLPattern, URLResolver, path

from wowdesk.mail.views import outbox, settings

app_name = "mail"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", outbox.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", outbox.retry, name="retry"),
    path("attachments/<str:key>/", outbox.attachment_download, name="attachment"),
    path("mailboxes/", settings.mailbox_index, name="mailboxes"),
    path("mailboxes/new/", settings.mailbox_new, name="mailbox_new"),
    path("mailboxes/<int:pk>/", settings.mailbox_edit, name="mailbox"),
    path("mailboxes/<int:pk>/relay-secret/", settings.mailbox_relay_secret, name="relay_secret"),
    path("mailboxes/<int:pk>/poll/", settings.mailbox_poll_now, name="poll"),
    path("rejects/", settings.rejects, name="rejects"),
    path("rejects/<int:pk>/raw/", settings.reject_raw, name="reject_raw"),
    path("caught/", settings.caught_list, name="caught"),
    path("caught/<int:pk>/", settings.caught_detail, name="caught_detail"),
]
