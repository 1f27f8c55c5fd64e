"""The one Kafka adapter: topic creation, the producer, the group consumer, the replay
reader's consumer, and how a recorded event becomes a record and back."""
