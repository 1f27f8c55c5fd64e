"""3. Wrong time of the year: outreach sent while the job market is in its low season.

Recent outreach is every outreach.sent in the ``season_window_days`` (28) days ending on
``as_of``; the low seasons are the candidate's country's (see ``seasons``). A candidate
with no registered country is judged on the US calendar, said in the evidence: the
outreach dates alone decide the verdict, and the seed describes the US calendar.

* problem — at least ``season_problem_share`` (75 %) of recent outreach was in a low
  season; at_risk — more than ``season_at_risk_share`` (half: "most"); ok otherwise.
* insufficient_data — fewer than ``season_min_outreach`` (3) recent messages.
Score = the share of recent outreach in a low season.
"""

from datetime import date, timedelta
from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_diagnostics.dates import full, short, weekday
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import share, verdict
from outreach_diagnostics.seasons import Season, low_season_on

SLUG = ReasonSlug.WRONG_SEASON
# Where the seed sends people in each season: "holiday party, beach party".
_GATHERINGS = {"summer": "a beach party, a barbecue", "year_end": "a holiday party"}
NO_COUNTRY = "no country registered (candidate.registered); the US calendar is used"


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    t = ctx.thresholds
    country = ctx.state.profile.country if ctx.state.profile else None
    since = ctx.as_of - timedelta(days=t.season_window_days - 1)
    recent = [o for o in ctx.state.of_type(ev.OutreachSent) if since <= ctx.day(o)]
    low = [(o, s) for o in recent if (s := _season(ctx, ctx.day(o), country))]
    now = _season(ctx, ctx.as_of, country)
    latest = low[-1][1] if low else None
    waiting = _awaiting_follow_up(ctx, low, latest)
    fraction = share(len(low), len(recent))
    evidence = _evidence(ctx, country, since, len(recent), low, now, fraction)
    evidence["awaiting_follow_up"] = waiting
    ids = [str(o.event_id) for o, _ in low]
    if len(recent) < t.season_min_outreach:
        summary = f"Only {len(recent)} outreach messages in the last {t.season_window_days} days."
        advice = (
            f"Send and record at least {t.season_min_outreach} outreach messages "
            f"(outreach.sent) to judge your timing. {_now_note(now, ctx.as_of)}"
        )
        return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice.strip())
    if fraction >= t.season_problem_share:
        status = Status.PROBLEM
    else:
        status = Status.AT_RISK if fraction > t.season_at_risk_share else Status.OK
    summary = (
        f"{len(low)} of your {len(recent)} outreach messages since {short(since)} "
        f"went out in a low season of the job market."
    )
    advice = _advice(status, latest, now, waiting, ctx.as_of)
    return verdict(SLUG, status, fraction, summary, evidence, ids, advice)


def _evidence(
    ctx: RuleContext,
    country: str | None,
    since: date,
    recent: int,
    low: list[tuple[ev.OutreachSent, Season]],
    now: Season | None,
    fraction: float,
) -> dict[str, Any]:
    seasons = sorted({s for _, s in low} | ({now} if now else set()), key=lambda s: s.starts_on)
    notes = {s.note for s in seasons if s.note} | (set() if country else {NO_COUNTRY})
    return {
        "country": country,
        "calendar_notes": sorted(notes),
        "window": {"from": since.isoformat(), "to": ctx.as_of.isoformat()},
        "recent_outreach": recent,
        "outreach_in_low_season": len(low),
        "share_in_low_season": round(fraction, 3),
        "seasons": [_describe(s) for s in seasons],
        "as_of_in_low_season": _describe(now) if now else None,
    }


def _season(ctx: RuleContext, day: date, country: str | None) -> Season | None:
    t = ctx.thresholds
    return low_season_on(day, country, t.low_season_start_month, t.low_season_start_day)


def _describe(season: Season) -> dict[str, Any]:
    return {
        "name": season.name,
        "label": season.label,
        "starts_on": season.starts_on.isoformat(),
        "ends_on": season.ends_on.isoformat(),
        "ends_with": season.ends_with,
        "follow_up_on": season.follow_up_on.isoformat(),
        "calendar": season.calendar,
    }


def _awaiting_follow_up(
    ctx: RuleContext, low: list[tuple[ev.OutreachSent, Season]], season: Season | None
) -> list[str]:
    """Contacts reached in the latest low season, not touched since it ended."""
    if season is None or ctx.as_of <= season.ends_on:
        return []
    touches: list[ev.OutreachSent | ev.MeetingHeld] = [
        *ctx.state.of_type(ev.OutreachSent),
        *ctx.state.of_type(ev.MeetingHeld),
    ]
    touched_after = {t.data.contact_id for t in touches if ctx.day(t) > season.ends_on}
    return sorted({o.data.contact_id for o, s in low if s == season} - touched_after)


def _now_note(now: Season | None, as_of: date) -> str:
    if now is None:
        return ""
    return (
        f"{short(as_of)} falls in the low season ({now.label}), which runs through "
        f"{now.ends_with}, {full(now.ends_on)}: meet contacts face to face now "
        f"({_GATHERINGS[now.name]}) and follow up from {weekday(now.follow_up_on)}."
    )


def _advice(
    status: Status, latest: Season | None, now: Season | None, waiting: list[str], as_of: date
) -> str:
    if status is Status.OK or latest is None:
        return (
            "Your outreach is timed well: most of it went out while the job market "
            f"is in swing. {_now_note(now, as_of)}"
        ).strip()
    if now is not None:
        return (
            f"Most of your recent outreach went out in the low season, when hiring "
            f"stalls. {_now_note(now, as_of)}"
        )
    names = ", ".join(waiting[:10]) + (" and others" if len(waiting) > 10 else "")
    text = (
        f"Most of your recent outreach went out in the low season ({latest.label}), "
        f"which ended with {latest.ends_with}, {full(latest.ends_on)}. The market is in "
        f"swing again: follow up now"
    )
    return text + (
        f" with the {len(waiting)} contacts you have not reached since: {names}."
        if waiting
        else "."
    )
