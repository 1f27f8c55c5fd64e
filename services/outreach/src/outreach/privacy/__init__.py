"""A candidate's rights: a copy of everything held (export) and erasure (ADR 0015).

Here, above the services, because an export joins what the intake holds (every event
as received, every receipt) with what the diagnostics make of it (state, diagnosis).
"""
