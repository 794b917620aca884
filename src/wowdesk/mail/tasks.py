"""Background work for email: thin adapters over the services, taking ids, all idempotent."""

from __future__ import annotations

from django.tasks import task

from wowdesk.mail.services.outbox import outbound_deliver, outbox_enqueue_due
from wowdesk.mail.services.polling import mailbox_poll, mailboxes_to_poll


@task()
def deliver_outbound_email(outbound_id: int) -> str:
    """Send one outbox row. Running it twice, or for a row already sent, sends nothing more."""
    return outbound_deliver(outbound_id=outbound_id)


@task()
def outbox_retry_due() -> int:
    """Scheduled: enqueue outbox rows whose retry is due or whose worker died mid-send."""
    return len(outbox_enqueue_due())


@task()
def poll_mailbox(mailbox_id: int) -> dict[str, int | str]:
    """Fetch new mail from one IMAP mailbox."""
    result = mailbox_poll(mailbox_id=mailbox_id)
    return {"fetched": result.fetched, "error": result.error, **result.outcomes}


@task()
def poll_all_mailboxes() -> int:
    """Scheduled: one polling task per mailbox, so a slow server holds up only its own mailbox."""
    ids = mailboxes_to_poll()
    for pk in ids:
        poll_mailbox.enqueue(pk)
    return len(ids)
