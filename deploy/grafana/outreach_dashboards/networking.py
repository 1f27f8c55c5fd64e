"""The Networking outcomes dashboard: what candidates do, and what holds them back.

For career coaches as much as operators: events by type and partner, the share of
candidates each of the seven reasons flags, and the weekly outreach funnel.
"""

from itertools import pairwise

from outreach_dashboards.panels import RATE, Json, Panel, Query, Row, SqlPanel, dashboard
from outreach_dashboards.panels import query_variable as variable

UID = "outreach-networking-outcomes"
PARTNER = 'partner=~"$partner"'
ACCEPTED = "outreach_events_accepted_total"

# The funnel's steps: (label, event type). "Contacts reached" counts outreach.sent events.
FUNNEL = (
    ("Contacts reached", "outreach.sent"),
    ("Replies", "contact.replied"),
    ("Meetings", "meeting.held"),
    ("Referrals", "referral.made"),
    ("Leads", "lead.created"),
    ("Interviews", "interview.scheduled"),
)

# The diagnostics service may run as several instances that export the same gauges:
# take one value per (partner, ...) with max before adding partners up.
CANDIDATES = f"max by (partner) (outreach_candidates{{{PARTNER}}})"


def _weekly(event_type: str) -> str:
    return f'sum(increase({ACCEPTED}{{type="{event_type}", {PARTNER}}}[7d]))'


def _share_by_reason(status: str) -> Query:
    flagged = f'outreach_candidates_flagged{{status="{status}", {PARTNER}}}'
    return Query(
        f"sum by (reason) (max by (partner, reason) ({flagged}))"
        f" / on () group_left () clamp_min(sum({CANDIDATES}), 1)",
        "{{reason}}",
    )


def _activity() -> list[Panel | Row]:
    return [
        Row("Activity"),
        Panel(
            "Events accepted per hour by type",
            [Query(f"sum by (type) (rate({ACCEPTED}{{{PARTNER}}}[{RATE}])) * 3600", "{{type}}")],
            "Events recorded for the first time (duplicates excluded), per event type.",
            stack=True,
        ),
        Panel(
            "Events accepted per hour by partner",
            [
                Query(
                    f"sum by (partner) (rate({ACCEPTED}{{{PARTNER}}}[{RATE}])) * 3600",
                    "{{partner}}",
                )
            ],
            "Events recorded for the first time, per partner platform.",
            stack=True,
        ),
    ]


def _reasons() -> list[Panel | Row]:
    flagged = f'outreach_candidates_flagged{{status="problem", {PARTNER}}}'
    return [
        Row("The seven reasons"),
        Panel(
            "Share of candidates with a problem by reason",
            [_share_by_reason("problem")],
            "Candidates whose current diagnosis marks the reason as a problem, over all "
            "candidates (refreshed every 30 s).",
            unit="percentunit",
            max_value=1,
        ),
        Panel(
            "Share of candidates at risk by reason",
            [_share_by_reason("at_risk")],
            "Candidates whose current diagnosis marks the reason as at risk, over all candidates.",
            unit="percentunit",
            max_value=1,
        ),
        Panel(
            "Share of candidates with a problem by partner and reason",
            [
                Query(
                    f"max by (partner, reason) ({flagged})"
                    f" / on (partner) group_left () clamp_min({CANDIDATES}, 1)",
                    "{{partner}} {{reason}}",
                    instant=True,
                )
            ],
            "Now, per partner: outreach_candidates_flagged / outreach_candidates.",
            kind="bargauge",
            unit="percentunit",
            max_value=1,
            width=16,
            height=10,
        ),
        Panel(
            "Candidates by partner",
            [Query(CANDIDATES, "{{partner}}")],
            "Candidates in the read model.",
            width=8,
            height=10,
        ),
    ]


def _funnel() -> list[Panel | Row]:
    # increase() extrapolates to fractions; the funnel counts events, so round them.
    steps = [
        Query(f"round({_weekly(event_type)}) or vector(0)", label) for label, event_type in FUNNEL
    ]
    ratios = [
        Query(f"{_weekly(later)} / clamp_min({_weekly(earlier)}, 1)", f"{b} / {a.lower()}")
        for (a, earlier), (b, later) in pairwise(FUNNEL)
    ]
    return [
        Row("Weekly outreach funnel"),
        Panel(
            "Weekly outreach funnel",
            [Query(q.expr, q.legend, instant=True) for q in steps],
            "Events of each step accepted in the last 7 days: contacts reached (outreach "
            "sent), replies, meetings, referrals, leads, interviews.",
            kind="bargauge",
            width=8,
            height=9,
        ),
        Panel(
            "Weekly outreach funnel over time",
            steps,
            "The same counts over a trailing 7-day window.",
            width=8,
            height=9,
            min_interval="5m",
        ),
        Panel(
            "Weekly funnel conversion",
            ratios,
            "Each step over the one before it, trailing 7 days.",
            unit="percentunit",
            width=8,
            height=9,
            min_interval="5m",
        ),
    ]


# Counted by the week the events occurred (the candidate's facts in the read model), so
# a backfill or a restart moves no event into the week it happened to arrive in. Contacts
# reached: distinct (candidate, contact) pairs reached that week, as the seed counts 15.
FUNNEL_BY_WEEK_SQL = """\
SELECT date_trunc('week', occurred_at) AS week,
  count(DISTINCT candidate_id || '/' || (body::jsonb -> 'event' -> 'data' ->> 'contact_id'))
    FILTER (WHERE type IN ('outreach.sent', 'meeting.held')) AS "Contacts reached",
  count(*) FILTER (WHERE type = 'contact.replied') AS "Replies",
  count(*) FILTER (WHERE type = 'meeting.held') AS "Meetings",
  count(*) FILTER (WHERE type = 'referral.made') AS "Referrals",
  count(*) FILTER (WHERE type = 'lead.created') AS "Leads",
  count(*) FILTER (WHERE type = 'interview.scheduled') AS "Interviews"
FROM candidate_facts
WHERE $__timeFilter(occurred_at) AND partner ~ '^(${partner:regex})$'
GROUP BY 1
ORDER BY 1"""


def _funnel_by_occurrence() -> list[Panel | SqlPanel | Row]:
    return [
        Row("Funnel by the week events occurred (read model)"),
        SqlPanel(
            "Weekly funnel by week of occurrence",
            FUNNEL_BY_WEEK_SQL,
            "Contacts reached, replies, meetings, referrals, leads and interviews per ISO "
            "week (UTC) in which they occurred, from the read model's facts: unlike the "
            "Prometheus counts above, a backfill or a restart does not distort it.",
            width=24,
        ),
    ]


def build() -> Json:
    return dashboard(
        UID,
        "Outreach Diagnostics / Networking outcomes",
        "Events by type and partner, the seven reasons' flags, and the weekly funnel.",
        [*_activity(), *_reasons(), *_funnel(), *_funnel_by_occurrence()],
        [variable("partner", "Partner", f"label_values({ACCEPTED}, partner)")],
        time_from="now-7d",
        refresh="5m",
    )
