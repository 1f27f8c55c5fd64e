"""6. Something wrong with professional presentation: resume, LinkedIn, Facebook...

The latest text of each asset is spell- and grammar-checked (``spelling``) in the
English of the candidate's country (``spelling.variant_for``: American in the US,
British and American accepted elsewhere), with the candidate's own words (contacts'
names, companies and titles, target roles) accepted.

Negative feedback.received on spelling, grammar, photo, dress or content counts until
a later positive feedback on the same aspect *from the same contact* resolves it: one
contact liking the photo does not clear another's objection to it (feedback without a
contact_id is one voice, the partner's or coach's, and clears its own).

* problem — any finding, or at least ``presentation_feedback_problem`` (2) unresolved
  negative feedback items; at_risk — one; ok — none.
* insufficient_data — nothing submitted and no feedback.
Strength = 1 - 0.5 ** (items - 1) over the findings and unresolved feedback items: the
first item places the verdict in its status, each more one halves the distance to 1.
"""

import re
from datetime import date
from typing import Any

from outreach_contract.v1 import ReasonSlug, ReasonVerdict, Status
from outreach_contract.v1 import events as ev
from outreach_contract.v1.enums import Aspect, Asset, Valence
from outreach_diagnostics.dates import plural, short
from outreach_diagnostics.rules.context import RuleContext
from outreach_diagnostics.rules.verdicts import verdict
from outreach_diagnostics.spelling import variant_for

SLUG = ReasonSlug.PRESENTATION
_WORD = re.compile(r"[^\W_]+")
ASPECTS = frozenset({Aspect.SPELLING, Aspect.GRAMMAR, Aspect.PHOTO, Aspect.DRESS, Aspect.CONTENT})


def evaluate(ctx: RuleContext) -> ReasonVerdict:
    latest = {p.data.asset: p for p in ctx.state.of_type(ev.PresentationSubmitted)}
    assets, findings = _check(ctx, latest)
    feedback = _unresolved_feedback(ctx)
    evidence: dict[str, Any] = {
        "assets": assets,
        "findings": findings,
        "negative_feedback": feedback,
    }
    ids = [*(a["event_id"] for a in assets if a["findings"]), *(f["event_id"] for f in feedback)]
    score = 1 - 0.5 ** max(0, len(findings) + len(feedback) - 1)
    any_feedback = any(f.data.aspect in ASPECTS for f in ctx.state.of_type(ev.FeedbackReceived))
    if not latest and not any_feedback:
        advice = (
            "Submit the text of your resume and LinkedIn profile (presentation.submitted) "
            "and record what contacts say about your presentation (feedback.received)."
        )
        summary = "No resume or profile text and no feedback on your presentation yet."
        return verdict(SLUG, Status.INSUFFICIENT_DATA, 0.0, summary, evidence, ids, advice)
    if findings or len(feedback) >= ctx.thresholds.presentation_feedback_problem:
        status = Status.PROBLEM
    else:
        status = Status.AT_RISK if feedback else Status.OK
    summary = (
        f"{plural(len(findings), 'spelling or grammar finding')} in "
        f"{plural(len(assets), 'submitted text')}, and "
        f"{plural(len(feedback), 'unresolved negative remark')} on your presentation."
    )
    advice = _advice(ctx, findings, feedback, assets)
    return verdict(SLUG, status, score, summary, evidence, ids, advice)


def _check(
    ctx: RuleContext, latest: dict[Asset, ev.PresentationSubmitted]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per asset: what was checked; and every finding, tagged with its asset."""
    words = _own_words(ctx)
    limit = ctx.thresholds.max_findings_per_asset
    variant = variant_for(ctx.country)
    assets, findings = [], []
    for asset, submitted in sorted(latest.items()):
        text = submitted.data.text
        found = ctx.spelling.check(text, words, limit + 1, variant)  # +1: truncated?
        where = {"asset": asset.value, "event_id": str(submitted.event_id)}
        assets.append(
            where
            | {
                "submitted_on": ctx.day(submitted).isoformat(),
                "spelling": variant,
                "length": len(submitted.data.text),
                "findings": min(len(found), limit),
                "truncated": len(found) > limit,
            }
        )
        findings += [where | f.as_dict() for f in found[:limit]]
    return assets, findings


def _own_words(ctx: RuleContext) -> list[str]:
    """The candidate's world: contacts' names, companies and titles, and target roles."""
    phrases = [c.company for c in ctx.state.contacts.values()]
    phrases += [c.name for c in ctx.state.contacts.values() if c.name]
    phrases += [c.title for c in ctx.state.contacts.values() if c.title]
    phrases += ctx.state.profile.target_roles if ctx.state.profile else []
    return sorted({word for phrase in phrases for word in _WORD.findall(phrase)})


def _unresolved_feedback(ctx: RuleContext) -> list[dict[str, Any]]:
    # Per aspect and voice (contact, or None for feedback without one), oldest first.
    open_items: dict[tuple[Aspect, str | None], list[ev.FeedbackReceived]] = {}
    for item in ctx.state.of_type(ev.FeedbackReceived):
        if item.data.aspect not in ASPECTS:
            continue
        voice = (item.data.aspect, item.data.contact_id)
        if item.data.sentiment is Valence.NEGATIVE:
            open_items.setdefault(voice, []).append(item)
        elif item.data.sentiment is Valence.POSITIVE:
            open_items.pop(voice, None)  # this contact finds it fixed since
    items = sorted(
        (f for found in open_items.values() for f in found),
        key=lambda f: (f.occurred_at, str(f.event_id)),
    )
    return [
        {
            "aspect": f.data.aspect.value,
            "contact_id": f.data.contact_id,
            "note": f.data.note,
            "on": ctx.day(f).isoformat(),
            "event_id": str(f.event_id),
        }
        for f in items
    ]


def _advice(
    ctx: RuleContext,
    findings: list[dict[str, Any]],
    feedback: list[dict[str, Any]],
    assets: list[dict[str, Any]],
) -> str:
    if not findings and not feedback:
        if not assets:
            return (
                "No contact's objection to your presentation is open. Submit your resume and "
                "LinkedIn text (presentation.submitted) to have it checked too."
            )
        names = " and ".join(a["asset"] for a in assets)
        return f"No spelling or grammar findings in your {names}; keep it that way on every update."
    parts = []
    if findings:
        shown = "; ".join(_finding_text(f) for f in findings[:5])
        more = f" and {len(findings) - 5} more" if len(findings) > 5 else ""
        parts.append(f"Fix these in your text: {shown}{more}.")
    for item in feedback:
        note = f': "{item["note"].rstrip(".")}"' if item["note"] else ""
        who = ctx.name_of(item["contact_id"]) if item["contact_id"] else "A contact"
        parts.append(f"{who} disliked your {item['aspect']} ({_short_iso(item['on'])}){note}.")
    parts.append("Your network vouches for you: how you present yourself reflects on them.")
    return " ".join(parts)


def _finding_text(finding: dict[str, Any]) -> str:
    fix = f' -> "{finding["suggestion"]}"' if finding["suggestion"] else ""
    return (
        f'"{finding["text"]}"{fix} ({finding["asset"]}, line {finding["line"]}, '
        f"column {finding['column']})"
    )


def _short_iso(day: str) -> str:
    return short(date.fromisoformat(day))
