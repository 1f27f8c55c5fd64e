"""Adapters every service shares: settings, SQL connections, API keys, HTTP plumbing, metrics."""
