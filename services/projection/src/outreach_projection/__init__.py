"""The projection service: recorded events in, per-candidate state (the read model) out."""
