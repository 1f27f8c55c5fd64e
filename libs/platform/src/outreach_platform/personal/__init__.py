"""A candidate's personal data: sealed with the candidate's own data key, opened by the
readers, shredded by destroying the key (ADR 0015)."""
