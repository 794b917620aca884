"""Card pages: card time with today's suggestions, the composer, the print queue and Card of the Week."""

from wowdesk.cards.views.compose import compose, detail, drawing, mark_mailed, mark_printed, pdf
from wowdesk.cards.views.queue import batch_pdf, batch_printed, queue
from wowdesk.cards.views.time import home, time_finish, time_settings, time_settings_save, time_start
from wowdesk.cards.views.week import gallery_drawing, vote, week, winners

__all__ = [
    "batch_pdf",
    "batch_printed",
    "compose",
    "detail",
    "drawing",
    "gallery_drawing",
    "home",
    "mark_mailed",
    "mark_printed",
    "pdf",
    "queue",
    "time_finish",
    "time_settings",
    "time_settings_save",
    "time_start",
    "vote",
    "week",
    "winners",
]
