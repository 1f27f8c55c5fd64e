"""Replay and audit: rebuild a read model from the recorded events into a separate store,
compare it with the live one, and keep a record of every run for the auditors."""
