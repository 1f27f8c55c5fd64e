"""Outreach Diagnostics: the one composition root for every process role, and the CLI."""
