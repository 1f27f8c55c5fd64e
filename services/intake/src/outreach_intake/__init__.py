"""The intake service: HTTP in, the event store (the outbox) out, and the audit trail."""
