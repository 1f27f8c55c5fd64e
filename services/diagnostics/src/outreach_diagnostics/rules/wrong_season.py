"""3. Wrong time of the year: asks sent while the job market is in its low season.

Recent networking is every outreach.sent and meeting.held in the ``season_window_days``
(28) days ending on ``as_of``; the low seasons are the candidate's own country's (see
``seasons``: the seed's two seasons for the US, the country's own holidays and summer
lull elsewhere, never another country's).

Decisions (the seed: "While these are great times to network face to face (holiday
party, beach party) with your contacts, you've got to follow up when the job market is
in full swing"):

* Face-to-face networking in a low season is what the seed recommends, so it never
  counts against the candidate: a coffee or an event (outreach.sent on those channels)
  and every meeting.held count as well timed. Only the remote asks — LinkedIn, email,
  phone, other — sent in a low season are mistimed.
* problem — at least ``season_problem_share`` (75 %) of recent networking was mistimed;
  at_risk — more than ``season_at_risk_share`` (half: "most"); ok otherwise.
* insufficient_data — no registered country (the calendar is the country's: guessing
  one would be pretending), a country with no low season on record at all, or fewer than
  ``season_min_outreach`` (3) recent touches. What is missing from a country's calendar
  is said in the evidence and in the advice.
* The advice never tells someone who already meets people face to face in the season to
  go and meet people: it tells them to keep at it and when to follow up.
Score = strength within the status, from the mistimed share.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Channel
from outreach_diagnostics.dates import full, plural, short, weekday
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import share, verdict
from outreach_diagnostics.seasons import Season, low_season_on, low_seasons, missing

SLUG = ReasonSlug.WRONG_SEASON
# Where the seed sends people in each season: "holiday party, beach party".
_GATHERINGS = {"summer": "a beach party, a barbecue", "year_end": "a holiday party"}
_FACE_TO_FACE = frozenset({Channel.COFFEE, Channel.EVENT})
NO_COUNTRY = (
    "no country registered (candidate.registered): the low seasons come from the "
    "candidate's own country calendar, so none is assumed"
)
_MANY_TOUCHES = "outreach messages and meetings"
Touch = ev.OutreachSent | ev.MeetingHeld


@dataclass(frozen=True)
class Timed:
    touch: Touch
    season: Season | None

    @property
    def face_to_face(self) -> bool:
        return isinstance(self.touch, ev.MeetingHeld) or self.touch.data.channel in _FACE_TO_FACE

    @property
    def mistimed(self) -> bool:
        return self.season is not None and not self.face_to_face


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    t = ctx.thresholds
    country = ctx.state.profile.country.upper() if ctx.state.profile else None
    since = ctx.as_of - timedelta(days=t.season_window_days - 1)
    if country is None:
        return _undecided(ctx, None, since, "No country registered.", [NO_COUNTRY])
    gaps = list(missing(country, ctx.as_of.year))
    if not _any_season(ctx, country):
        return _undecided(ctx, country, since, f"No low seasons on record for {country}.", gaps)
    recent = [Timed(touch, _season(ctx, ctx.day(touch), country)) for touch in _touches(ctx, since)]
    now = _season(ctx, ctx.as_of, country)
    mistimed = [timed for timed in recent if timed.mistimed]
    latest = mistimed[-1].season if mistimed else None
    waiting = _awaiting_follow_up(ctx, mistimed, latest)
    fraction = share(len(mistimed), len(recent))
    evidence = _evidence(ctx, country, since, recent, now, fraction, gaps)
    evidence["awaiting_follow_up"] = waiting
    ids = [str(timed.touch.event_id) for timed in recent if timed.season]
    meets = sum(timed.face_to_face for timed in recent if now and timed.season == now)
    if len(recent) < t.season_min_outreach:
        count = plural(len(recent), "outreach message or meeting", _MANY_TOUCHES)
        summary = f"Only {count} in the last {t.season_window_days} days."
        advice = (
            f"Send and record at least {t.season_min_outreach} outreach messages or meetings "
            f"(outreach.sent, meeting.held) to judge your timing. {_now_note(now, ctx, meets)}"
        )
        advice += _gaps_note(gaps)
        return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice.strip())
    status, strength = _status(ctx, fraction)
    summary = (
        f"{len(mistimed)} of your {len(recent)} recent outreach messages and meetings "
        f"since {short(since)} were asks sent in a low season of the job market."
    )
    advice = _advice(ctx, status, latest, now, waiting, meets) + _gaps_note(gaps)
    return verdict(SLUG, status, strength, summary, evidence, ids, advice)


def _status(ctx: RuleContext, fraction: float) -> tuple[Status, float]:
    """The status and the strength within it, rising with the mistimed share."""
    t = ctx.thresholds
    if fraction >= t.season_problem_share:
        return Status.PROBLEM, _scaled(fraction, t.season_problem_share, 1.0)
    if fraction > t.season_at_risk_share:
        return Status.AT_RISK, _scaled(fraction, t.season_at_risk_share, t.season_problem_share)
    return Status.OK, _scaled(fraction, 0.0, t.season_at_risk_share)


def _scaled(value: float, low: float, high: float) -> float:
    return 1.0 if high <= low else (value - low) / (high - low)


def _touches(ctx: RuleContext, since: date = date.min) -> list[Touch]:
    """Outreach and meetings on or after the local day ``since``, in time order."""
    touches: list[Touch] = [
        *ctx.state.on_or_after(ev.OutreachSent, since),
        *ctx.state.on_or_after(ev.MeetingHeld, since),
    ]
    return sorted(touches, key=lambda touch: (touch.occurred_at, str(touch.event_id)))


def _any_season(ctx: RuleContext, country: str) -> bool:
    t = ctx.thresholds
    years = (ctx.as_of.year - 1, ctx.as_of.year)
    return any(
        low_seasons(year, country, t.low_season_start_month, t.low_season_start_day)
        for year in years
    )


def _undecided(
    ctx: RuleContext, country: str | None, since: date, why: str, gaps: list[str]
) -> ReasonVerdict:
    """insufficient_data when there is no calendar to judge by: say which is missing."""
    evidence: dict[str, Any] = {
        "country": country,
        "calendar_notes": gaps,
        "window": {"from": since.isoformat(), "to": ctx.as_of.isoformat()},
        "seasons": [],
    }
    if country is None:
        advice = (
            "Record the candidate's country (candidate.registered): the low seasons of the "
            "job market come from that country's calendar, and none is assumed."
        )
    else:
        advice = (
            f"We have no low-season data for {country}, so we cannot tell whether your "
            f"timing hurts: {'; '.join(gaps)}. Judge by your local hiring calendar: "
            f"network face to face during holidays and follow up when offices are back."
        )
    return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, why, evidence, [], advice)


def _evidence(
    ctx: RuleContext,
    country: str,
    since: date,
    recent: list[Timed],
    now: Season | None,
    fraction: float,
    gaps: list[str],
) -> dict[str, Any]:
    in_season = {timed.season for timed in recent if timed.season}
    seasons = sorted(in_season | ({now} if now else set()), key=lambda s: s.starts_on)
    return {
        "country": country,
        "calendar_notes": gaps,
        "window": {"from": since.isoformat(), "to": ctx.as_of.isoformat()},
        "recent_outreach": sum(isinstance(t.touch, ev.OutreachSent) for t in recent),
        "recent_meetings": sum(isinstance(t.touch, ev.MeetingHeld) for t in recent),
        "outreach_in_low_season": sum(timed.mistimed for timed in recent),
        "face_to_face_in_low_season": sum(timed.face_to_face for timed in recent if timed.season),
        "share_in_low_season": round(fraction, 3),
        "seasons": [_describe(s) for s in seasons],
        "as_of_in_low_season": _describe(now) if now else None,
    }


def _season(ctx: RuleContext, day: date, country: str) -> Season | None:
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
        "source": season.source,
    }


def _awaiting_follow_up(
    ctx: RuleContext, mistimed: list[Timed], season: Season | None
) -> list[str]:
    """Contacts asked in the latest low season, not touched since it ended."""
    if season is None or ctx.as_of <= season.ends_on:
        return []
    touched_after = {t.data.contact_id for t in _touches(ctx) if ctx.day(t) > season.ends_on}
    asked = {timed.touch.data.contact_id for timed in mistimed if timed.season == season}
    return sorted(asked - touched_after)


def _name(ctx: RuleContext, contact_id: str) -> str:
    contact = ctx.state.contacts.get(contact_id)
    return contact.name if contact and contact.name else contact_id


def _now_note(now: Season | None, ctx: RuleContext, meets: int) -> str:
    if now is None:
        return ""
    season = (
        f"{short(ctx.as_of)} falls in the low season ({now.label}), which runs through "
        f"{now.ends_with}, {full(now.ends_on)}"
    )
    if meets:
        return (
            f"{season}. You already meet people face to face "
            f"({plural(meets, 'coffee, event or meeting', 'coffees, events and meetings')} "
            f"this season): keep at it, and save the asks for follow-ups from "
            f"{weekday(now.follow_up_on)}."
        )
    return (
        f"{season}: meet contacts face to face now ({_GATHERINGS[now.name]}) and follow "
        f"up from {weekday(now.follow_up_on)}."
    )


def _gaps_note(gaps: list[str]) -> str:
    if not gaps:
        return ""
    return f" Not on record, so not judged: {'; '.join(gaps)}."


def _advice(
    ctx: RuleContext,
    status: Status,
    latest: Season | None,
    now: Season | None,
    waiting: list[str],
    meets: int,
) -> str:
    if status is Status.OK or latest is None:
        return (
            "Your outreach is timed well: most of your asks went out while the job market "
            f"is in swing. {_now_note(now, ctx, meets)}"
        ).strip()
    if now is not None:
        return (
            "Most of your recent asks (LinkedIn, email, phone) went out in the low season, "
            f"when hiring stalls. {_now_note(now, ctx, meets)}"
        )
    names = [_name(ctx, contact_id) for contact_id in waiting]
    listed = ", ".join(names[:10]) + (" and others" if len(names) > 10 else "")
    text = (
        f"Most of your recent asks went out in the low season ({latest.label}), which "
        f"ended with {latest.ends_with}, {full(latest.ends_on)}. The market is in swing "
        f"again: follow up now"
    )
    return text + (
        f" with the {plural(len(waiting), 'contact')} you have not reached since: {listed}."
        if waiting
        else "."
    )
