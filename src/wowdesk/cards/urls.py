from django.urls import URLPattern, URLResolver, path

from wowdesk.cards import views

app_name = "cards"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("time/start/", views.time_start, name="time_start"),
    path("time/finish/", views.time_finish, name="time_finish"),
    path("time/settings/", views.time_settings, name="time_settings"),
    path("time/settings/<int:team>/", views.time_settings_save, name="time_settings_save"),
    path("new/", views.compose, name="compose"),
    path("queue/", views.queue, name="queue"),
    path("queue/batch.pdf", views.batch_pdf, name="batch_pdf"),
    path("queue/batch/printed/", views.batch_printed, name="batch_printed"),
    path("week/", views.week, name="week"),
    path("week/vote/", views.vote, name="vote"),
    path("week/<int:pk>/drawing.png", views.gallery_drawing, name="gallery_drawing"),
    path("winners/", views.winners, name="winners"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/card.pdf", views.pdf, name="pdf"),
    path("<int:pk>/drawing.png", views.drawing, name="drawing"),
    path("<int:pk>/printed/", views.mark_printed, name="printed"),
    path("<int:pk>/mailed/", views.mark_mailed, name="mailed"),
]
