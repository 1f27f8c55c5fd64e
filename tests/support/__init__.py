"""Helpers shared by the test suites (factories, real servers)."""
