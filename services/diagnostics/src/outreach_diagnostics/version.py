"""The version of the seven rules, reported with every diagnosis (``rules_version``).

Bump it whenever a rule, a default threshold or a calendar table (seasons/summer.csv)
changes what a diagnosis says, so that a stored verdict can be told from a new one.
The date is when the rules changed; the suffix counts changes on one day.
"""

RULES_VERSION = "2026-12-01.1"
