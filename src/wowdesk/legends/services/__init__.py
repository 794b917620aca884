"""Every write of the legends app; each function is one transaction."""

from wowdesk.legends.services.candidates import candidate_dismiss, candidate_restore, candidates_find
from wowdesk.legends.services.clips import legend_clip_attach, legend_clip_confirm, legend_clip_remove
from wowdesk.legends.services.consent import (
    ConsentLinkError,
    consent_answer,
    consent_check_token,
    consent_record_call,
    consent_request_email,
    consent_withdraw,
)
from wowdesk.legends.services.legends import (
    legend_capture,
    legend_comment,
    legend_mark_read,
    legend_react,
    legend_update,
)
from wowdesk.legends.services.reading import (
    reading_list_add,
    reading_list_create,
    reading_list_move,
    reading_list_remove,
    reading_list_update,
)
from wowdesk.legends.services.stories import customer_story_accept, customer_story_reject, customer_story_submit
from wowdesk.legends.services.values import value_create, value_update
from wowdesk.legends.services.workflow import (
    RedactionPreview,
    allowed_moves,
    current_consent,
    legend_redact,
    legend_transition,
    publish_problems,
    redaction_preview,
)

__all__ = [
    "ConsentLinkError",
    "RedactionPreview",
    "allowed_moves",
    "candidate_dismiss",
    "candidate_restore",
    "candidates_find",
    "consent_answer",
    "consent_check_token",
    "consent_record_call",
    "consent_request_email",
    "consent_withdraw",
    "current_consent",
    "customer_story_accept",
    "customer_story_reject",
    "customer_story_submit",
    "legend_capture",
    "legend_clip_attach",
    "legend_clip_confirm",
    "legend_clip_remove",
    "legend_comment",
    "legend_mark_read",
    "legend_react",
    "legend_redact",
    "legend_transition",
    "legend_update",
    "publish_problems",
    "reading_list_add",
    "reading_list_create",
    "reading_list_move",
    "reading_list_remove",
    "reading_list_update",
    "redaction_preview",
    "value_create",
    "value_update",
]
