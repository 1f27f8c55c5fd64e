"""What a coach reads: next actions, what-if, the cohort and the report (issue 14).

Every module here is pure (no I/O): the HTTP routes (``coach_api``), the SQL reads of the
read model (``coach_sql``) and the command line are the adapters around them.
"""
