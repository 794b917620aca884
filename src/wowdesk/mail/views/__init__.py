"""Email pages: the outbox, mailbox settings, rejects, attachment downloads and the local mail catcher."""
