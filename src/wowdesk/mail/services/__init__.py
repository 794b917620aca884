"""Writes for the email channel, one module per seam.

- ``outbox``: queue mail in the caller's transaction and deliver it after commit
  (``email_queue`` / ``email_queue_template`` are the entry points for any
  feature that sends mail), retries, the retry button.
- ``inbound``: ``inbound_receive``, where every received message lands.
- ``mailboxes``: mailbox settings, relay secrets, stored IMAP passwords.
- ``polling``: the IMAP poller.
"""
