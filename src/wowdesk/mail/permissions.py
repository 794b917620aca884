"""Who may see and change email settings and records.

- Mailbox settings: leads and admins see them; only admins change them.
- Inbound rejects and the local mail catcher: leads and admins.
- Outbound mail and attachments follow their conversation: whoever may see
  the conversation may see its mail, download its attachments and retry a
  failed send. Mail not tied to a conversation is for leads and admins.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import can_manage_staff, is_active_staff
from wowdesk.conversations.permissions import visible_conversations_q
from wowdesk.mail.models import MailAttachment, OutboundEmail


def can_manage_mailboxes(user: User) -> bool:
    return is_active_staff(user) and can_manage_staff(user)


def can_view_mail_admin(user: User) -> bool:
    """Mailbox settings, rejects and caught mail: leads and admins."""
    return is_active_staff(user) and user.sees_everything


def _prefixed(q: Q, prefix: str) -> Q:
    """Re-root a conversation filter onto a relation (``conversation__``)."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            clone.children.append(_prefixed(child, prefix))
        else:
            key, value = child
            clone.children.append((f"{prefix}{key}", value))
    return clone


def outbound_visible_to(user: User) -> QuerySet[OutboundEmail]:
    if not is_active_staff(user):
        return OutboundEmail.objects.none()
    q = visible_conversations_q(user)
    if q is None:
        return OutboundEmail.objects.all()
    return OutboundEmail.objects.filter(_prefixed(q, "conversation__"), conversation__isnull=False)


def attachments_visible_to(user: User) -> QuerySet[MailAttachment]:
    if not is_active_staff(user):
        return MailAttachment.objects.none()
    q = visible_conversations_q(user)
    if q is None:
        return MailAttachment.objects.all()
    return MailAttachment.objects.filter(_prefixed(q, "conversation__"))
