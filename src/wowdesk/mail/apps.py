from datetime import timedelta

from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "wowdesk.mail"
    label = "mail"
    verbose_name = "Email"

    def ready(self) -> None:
        from wowdesk.conversations.models import Channel
        from wowdesk.conversations.outbound import register_reply_sender
        from wowdesk.mail.services.outbox import reply_email_queue
        from wowdesk.mail.tasks import outbox_retry_due, poll_all_mailboxes
        from wowdesk.scheduling.registry import register

        # A reply on an email conversation, or to someone who used the contact form, leaves by email.
        register_reply_sender(channel=Channel.EMAIL, sender=reply_email_queue)
        register_reply_sender(channel=Channel.WEB_FORM, sender=reply_email_queue)
        register(
            name="mail.poll_mailboxes",
            every=timedelta(minutes=1),
            task=poll_all_mailboxes,
            description="Fetch new mail from every mailbox that polls by IMAP.",
        )
        register(
            name="mail.outbox_retry",
            every=timedelta(minutes=1),
            task=outbox_retry_due,
            description="Send outbox mail that is due: retries after a failure, and any send a crash interrupted.",
        )
