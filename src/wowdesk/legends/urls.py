from django.urls import URLPattern, URLResolver, path

from wowdesk.legends import views

app_name = "legends"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.feed, name="feed"),
    path("new/", views.capture, name="capture"),
    path("<int:pk>/", views.legend_detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/redact/", views.redact, name="redact"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/comments/", views.comment, name="comment"),
    path("<int:pk>/react/", views.react, name="react"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("<int:pk>/versions/", views.versions, name="versions"),
    path("<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/clip/", views.clip, name="clip"),
    path("<int:pk>/clip/upload/", views.clip_upload, name="clip_upload"),
    path("<int:pk>/clip/remove/", views.clip_remove, name="clip_remove"),
    path("<int:pk>/clip/confirm/", views.clip_confirm, name="clip_confirm"),
    path("<int:pk>/consent/email/", views.consent_email, name="consent_email"),
    path("<int:pk>/consent/call/", views.consent_call, name="consent_call"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("candidates/", views.candidates, name="candidates"),
    path("candidates/<int:pk>/dismiss/", views.candidate_dismiss, name="candidate_dismiss"),
    path("candidates/<int:pk>/restore/", views.candidate_restore, name="candidate_restore"),
    path("reading/", views.reading_lists, name="reading_lists"),
    path("reading/<int:pk>/", views.reading_list, name="reading_list"),
    path("reading/<int:pk>/add/", views.reading_add, name="reading_add"),
    path("reading/<int:pk>/remove/", views.reading_remove, name="reading_remove"),
    path("reading/<int:pk>/move/", views.reading_move, name="reading_move"),
    path("values/", views.values, name="values"),
    path("values/<int:pk>/", views.value_edit, name="value_edit"),
    path("customer-stories/", views.customer_stories, name="customer_stories"),
    path("customer-stories/<int:pk>/<str:decision>/", views.customer_story_moderate, name="customer_story_moderate"),
]
