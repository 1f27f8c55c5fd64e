"""The relay: the event store's notification log (the outbox) to Kafka, in order."""
