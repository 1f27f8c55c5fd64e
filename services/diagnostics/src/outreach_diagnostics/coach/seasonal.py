"""Reason 3: in a low season, the people met face to face to follow up with on the day
it ends ("great times to network face to face ... follow up when the job market is in
full swing"). Face to face: a meeting over coffee or at an event, or outreach by coffee
or at an event, since the season began."""

from outreach_contract.v1 import ReasonSlug
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Channel, MeetingFormat
from outreach_diagnostics.coach.actions import Action, who
from outreach_diagnostics.dates import short
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.seasons import low_season_on

SLUG = ReasonSlug.WRONG_SEASON
_FACE_TO_FACE_MEETINGS = frozenset({MeetingFormat.COFFEE, MeetingFormat.EVENT})
_FACE_TO_FACE_CHANNELS = frozenset({Channel.COFFEE, Channel.EVENT})


def after_the_season(ctx: RuleContext) -> list[Action]:
    if ctx.country is None:
        return []  # the seasons are the country's: none is assumed (as in the rule)
    t = ctx.thresholds
    season = low_season_on(ctx.as_of, ctx.country, t.low_season_start_month, t.low_season_start_day)
    if season is None:
        return []
    met: dict[str, list[ev.MeetingHeld | ev.OutreachSent]] = {}
    for event in _face_to_face(ctx):
        if ctx.day(event) >= season.starts_on:
            met.setdefault(event.data.contact_id, []).append(event)
    found = []
    for contact_id, events in sorted(met.items()):
        text = (
            f"Follow up with {who(ctx, contact_id)}, met face to face on "
            f"{short(ctx.day(events[-1]))}: {season.label} is over and hiring is back"
        )
        ids = tuple(str(e.event_id) for e in events)
        found.append(Action(season.follow_up_on, text, SLUG, contact_id, ids))
    return found


def _face_to_face(ctx: RuleContext) -> list[ev.MeetingHeld | ev.OutreachSent]:
    meetings = [
        m for m in ctx.state.of_type(ev.MeetingHeld) if m.data.format in _FACE_TO_FACE_MEETINGS
    ]
    touches = [
        o for o in ctx.state.of_type(ev.OutreachSent) if o.data.channel in _FACE_TO_FACE_CHANNELS
    ]
    return sorted([*meetings, *touches], key=lambda e: e.occurred_at)
