"""Who may see and change email settings and records.

- Mailbox settings: leads and admins see them; only admins change them.
- Inbound rejects and the local mail catcher: leads and admins.
- Outbound mail and attachments follow their conversation: whoever may see
  the conversation may see its mail, download its attachments and retry a
  failed send. Mail not tied to a conversation is for leads and admins.
"""

from __future__ import annotations

from django.db.models import QuerySet

from wowdesk.accounts.models import User
from wowdesk.accounts.permissions import can_manage_staff, is_active_staff
from wowdesk.conversations.permissions import conversations_visible_to
from wowdesk.mail.models import MailAttachment, OutboundEmail


def can_manage_mailboxes(user: User) -> bool:
    return is_active_staff(user) and can_manage_staff(user)


def can_view_mail_admin(user: User) -> bool:
    """Mailbox settings, rejects and caught mail: leads and admins."""
    return is_active_staff(user) and user.sees_everything


def outbound_visible_to(user: User) -> QuerySet[OutboundEmail]:
    if not is_active_staff(user):
        return OutboundEmail.objects.none()
    if user.sees_everything:
        return OutboundEmail.objects.all()
    return OutboundEmail.objects.filter(conversation__in=conversations_visible_to(user).values("pk"))


def attachments_visible_to(user: User) -> QuerySet[MailAttachment]:
    if not is_active_staff(user):
        return MailAttachment.objects.none()
    if user.sees_everything:
        return MailAttachment.objects.all()
    return MailAttachment.objects.filter(conversation__in=conversations_visible_to(user).values("pk"))
