"""Rule 6: findings in the latest text of each asset, and negative feedback."""

from datetime import date

from outreach_contract.v1 import Status
from outreach_diagnostics.rules import presentation
from outreach_diagnostics.rules.verdicts import banded
from outreach_diagnostics.thresholds import Thresholds
from tests.unit.diagnostics.builders import History, run

DAY = date(2025, 9, 1)
AS_OF = date(2025, 9, 30)
CLEAN = "Product manager with eight years of experience.\nLed a team of six engineers."


def _submit(history: History, text: str, asset: str = "resume", day: date = DAY) -> str:
    return history.add("presentation.submitted", day, asset=asset, text=text)


def test_a_typo_is_a_problem_with_its_asset_and_position() -> None:
    history = History()
    resume = _submit(history, CLEAN)
    linkedin = _submit(
        history, "Product leader.\nExperienced in stakeholder managment.", "linkedin"
    )
    verdict = run(presentation.evaluate, history, AS_OF)
    assert (verdict.status, verdict.score) == (Status.PROBLEM, banded(Status.PROBLEM, 0.0))
    [finding] = verdict.evidence["findings"]
    assert finding["asset"] == "linkedin"
    assert finding["event_id"] == linkedin
    assert (finding["text"], finding["line"], finding["column"], finding["offset"]) == (
        "managment", 2, 28, 43,
    )  # fmt: skip
    assert finding["suggestion"] == "management"
    assert verdict.event_ids == [linkedin]
    assert [a["findings"] for a in verdict.evidence["assets"]] == [1, 0]  # linkedin, resume
    assert resume not in verdict.event_ids
    assert '"managment" -> "management" (linkedin, line 2, column 28)' in verdict.advice


def test_only_the_latest_text_of_an_asset_counts() -> None:
    history = History()
    _submit(history, "Experienced in managment.")
    fixed = _submit(history, CLEAN, day=date(2025, 9, 5))
    verdict = run(presentation.evaluate, history, AS_OF)
    assert (verdict.status, verdict.score) == (Status.OK, 0.0)
    assert verdict.evidence["assets"][0]["event_id"] == fixed
    # As of a day before the fix, the typo was there.
    assert run(presentation.evaluate, history, date(2025, 9, 4)).status is Status.PROBLEM


def test_words_from_the_candidates_world_and_the_word_list_pass() -> None:
    text = "Led devrel for kubernetes and postgresql at a fintech saas."
    history = History()
    _submit(history, text)
    assert [f["text"] for f in run(presentation.evaluate, history, AS_OF).evidence["findings"]] == [
        "devrel"
    ]
    history.contact("ana", company="Acme", title="Devrel Lead")
    assert run(presentation.evaluate, history, AS_OF).status is Status.OK


def test_one_negative_feedback_is_at_risk_two_are_a_problem() -> None:
    history = History()
    _submit(history, CLEAN)
    history.add(
        "feedback.received", DAY, aspect="photo", sentiment="negative", contact_id="ana",
        note="a beach selfie",
    )  # fmt: skip
    one = run(presentation.evaluate, history, AS_OF)
    assert (one.status, one.score) == (Status.AT_RISK, banded(Status.AT_RISK, 0.0))
    assert 'ana disliked your photo (1 Sep): "a beach selfie"' in one.advice
    history.add("feedback.received", DAY, aspect="dress", sentiment="negative")
    two = run(presentation.evaluate, history, AS_OF)
    assert (two.status, two.score) == (Status.PROBLEM, banded(Status.PROBLEM, 0.5))


def test_later_positive_feedback_resolves_an_aspect_and_other_aspects_do_not_count() -> None:
    history = History()
    history.add("feedback.received", DAY, aspect="photo", sentiment="negative")
    history.add("feedback.received", date(2025, 9, 9), aspect="photo", sentiment="positive")
    history.add("feedback.received", DAY, aspect="departure_story", sentiment="negative")
    verdict = run(presentation.evaluate, history, AS_OF)
    assert verdict.evidence["negative_feedback"] == []
    assert verdict.status is Status.OK


def test_nothing_submitted_and_no_feedback_is_insufficient_data() -> None:
    verdict = run(presentation.evaluate, History(), AS_OF)
    assert verdict.status is Status.INSUFFICIENT_DATA
    assert "presentation.submitted" in verdict.advice


def test_findings_are_capped_per_asset_and_the_cap_is_reported() -> None:
    history = History()
    _submit(history, "Zorp blarg frimble quonk.")
    verdict = run(presentation.evaluate, history, AS_OF, Thresholds(max_findings_per_asset=2))
    assert [f["text"] for f in verdict.evidence["findings"]] == ["Zorp", "blarg"]
    assert verdict.evidence["assets"][0] | {"event_id": None} == {
        "asset": "resume", "event_id": None, "submitted_on": "2025-09-01", "length": 25,
        "findings": 2, "truncated": True, "spelling": "en-US",
    }  # fmt: skip


def test_feedback_on_the_departure_story_alone_is_not_presentation_data() -> None:
    history = History()
    history.add("feedback.received", DAY, aspect="departure_story", sentiment="negative")
    assert run(presentation.evaluate, history, AS_OF).status is Status.INSUFFICIENT_DATA


# Class 9: feedback is resolved per contact, and spelling follows the candidate's country.


def test_one_positive_remark_does_not_clear_another_contacts_objection() -> None:
    history = History()
    history.contact("ana", name="Ana Lopez")
    history.add("feedback.received", DAY, aspect="photo", sentiment="negative", contact_id="ana")
    history.add("feedback.received", date(2025, 9, 9), aspect="photo", sentiment="positive",
                contact_id="bo")  # fmt: skip
    verdict = run(presentation.evaluate, history, AS_OF)
    assert verdict.status is Status.AT_RISK
    assert [f["contact_id"] for f in verdict.evidence["negative_feedback"]] == ["ana"]
    assert "Ana Lopez disliked your photo (1 Sep)" in verdict.advice
    history.add("feedback.received", date(2025, 9, 10), aspect="photo", sentiment="positive",
                contact_id="ana")  # fmt: skip
    assert run(presentation.evaluate, history, AS_OF).status is Status.OK


BRITISH = "Organised the programme centre; analysed customer behaviour and cheque fraud."


def test_british_spelling_is_correct_for_a_british_candidate() -> None:
    history = History(country="GB", timezone="Europe/London")
    _submit(history, BRITISH)
    verdict = run(presentation.evaluate, history, AS_OF)
    assert (verdict.status, verdict.evidence["findings"]) == (Status.OK, [])
    assert verdict.evidence["assets"][0]["spelling"] == "en-GB"


def test_british_spelling_is_flagged_for_a_us_reader_with_the_american_form() -> None:
    history = History(country="US")
    _submit(history, BRITISH)
    verdict = run(presentation.evaluate, history, AS_OF)
    assert verdict.status is Status.PROBLEM
    found = [(f["rule"], f["text"], f["suggestion"]) for f in verdict.evidence["findings"]]
    assert found == [
        ("regional_spelling", "Organised", "Organized"),
        ("regional_spelling", "programme", "program"),
        ("regional_spelling", "centre", "center"),
        ("regional_spelling", "analysed", "analyzed"),
        ("regional_spelling", "behaviour", "behavior"),
        ("regional_spelling", "cheque", "check"),
    ]


def test_contact_names_are_the_candidates_own_words() -> None:
    history = History()
    _submit(history, "Mentored by Oluwaseun Adeyemi. Adeyemi and I shipped it.")
    # A sentence starts with the unknown word: without the name known, it is reported.
    findings = run(presentation.evaluate, history, AS_OF).evidence["findings"]
    assert [f["text"] for f in findings] == ["Adeyemi"]
    history.contact("ola", name="Oluwaseun Adeyemi")
    assert run(presentation.evaluate, history, AS_OF).evidence["findings"] == []
