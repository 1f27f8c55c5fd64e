"""The intake service: HTTP in, event store (the outbox) out, and the relay to Kafka."""
