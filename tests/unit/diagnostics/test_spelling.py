"""Spelling and grammar findings, with their positions, and what is left alone."""

from typing import Any

import pytest
from spellchecker import SpellChecker

from outreach_diagnostics.spelling import SpellCheck, bundled_words, variant_for
from outreach_diagnostics.text import Finding, Locator, mask_non_prose


def test_a_misspelling_is_found_with_its_position_and_suggestion(spelling: SpellCheck) -> None:
    [finding] = spelling.check("I have managment experience.")
    assert (finding.kind, finding.rule, finding.text) == ("spelling", "unknown_word", "managment")
    assert (finding.offset, finding.line, finding.column) == (7, 1, 8)
    assert finding.suggestion == "management"


def test_positions_count_lines_and_columns_from_one(spelling: SpellCheck) -> None:
    text = "Summary\n\nShipped the the release.\nGrew reveune."
    found = spelling.check(text)
    assert [(f.rule, f.text, f.line, f.column) for f in found] == [
        ("repeated_word", "the the", 3, 9),
        ("unknown_word", "reveune", 4, 6),
    ]
    assert text[found[1].offset :].startswith("reveune")
    assert found[1].suggestion == "revenue"


def test_a_left_out_letter_is_the_likeliest_typo(spelling: SpellCheck) -> None:
    # "engine" is commoner, but "enginer" is "engineer" with one letter left out.
    assert spelling.suggest("enginer") == "engineer"
    assert spelling.suggest("adress") == "address"
    assert spelling.suggest("teh") == "the"
    assert spelling.suggest("zzzzqqq") is None


def test_a_capitalised_typo_keeps_its_capital_in_the_suggestion(spelling: SpellCheck) -> None:
    [finding] = spelling.check("Project Managment and delivery.")
    assert (finding.text, finding.suggestion) == ("Managment", "Management")


def test_the_word_list_knows_industry_terms_the_dictionary_does_not(spelling: SpellCheck) -> None:
    text = "Ran kubernetes and postgresql for a fintech saas, onboarding b2b clients."
    assert {"kubernetes", "postgresql", "fintech", "saas"} <= set(bundled_words())
    assert {"kubernetes", "postgresql", "fintech"} <= SpellChecker().unknown(text.split())
    assert spelling.check(text) == []


def test_extra_words_are_accepted_per_call_and_per_checker(spelling: SpellCheck) -> None:
    text = "Led the frobnicator team."
    assert [f.text for f in spelling.check(text)] == ["frobnicator"]
    assert spelling.check(text, extra_words=["Frobnicator"]) == []
    assert SpellCheck(extra_words=["frobnicator"]).check(text) == []


def test_addresses_numbers_acronyms_and_camelcase_are_not_words(spelling: SpellCheck) -> None:
    text = (
        "Mail jdoe@exmaple.com or see https://github.com/jdoee/repoz and www.jdoee.dev; "
        "AWS, GCP, B2B, 3rd, x86, iPhone, McKinsey, JavaScript, @jdoee, #opentowork."
    )
    assert spelling.check(text) == []


def test_capitalised_names_without_a_close_match_are_left_alone(spelling: SpellCheck) -> None:
    assert spelling.check("Worked with Srinivasan and Kowalczyk at Zyntrix.") == []


def test_british_spellings_and_typographic_apostrophes_pass(spelling: SpellCheck) -> None:
    assert spelling.check("The organisation\u2019s colour scheme; we don\u2019t analyse.") == []


def test_lowercase_sentence_start_after_a_full_stop(spelling: SpellCheck) -> None:
    [finding] = spelling.check("I led it. then we shipped.")
    assert (finding.kind, finding.rule, finding.text) == (
        "grammar",
        "lowercase_sentence_start",
        "then",
    )
    assert (finding.offset, finding.suggestion) == (10, "Then")


def test_abbreviations_do_not_end_sentences(spelling: SpellCheck) -> None:
    assert spelling.check("Tools, e.g. python and etc. more, vs. others.") == []


def test_lowercase_pronoun_i(spelling: SpellCheck) -> None:
    found = spelling.check("Yesterday i shipped it, and i'm proud, i.e. happy.")
    assert [(f.rule, f.text, f.offset, f.suggestion) for f in found] == [
        ("lowercase_i", "i", 10, "I"),
        ("lowercase_i", "i'm", 28, "I'm"),
    ]


def test_good_repeats_are_not_flagged(spelling: SpellCheck) -> None:
    assert spelling.check("She had had enough; he said that that was fine.") == []


def test_the_limit_keeps_the_first_findings_by_offset(spelling: SpellCheck) -> None:
    text = "Zorp blarg the the frimble quonk snerd."
    everything = spelling.check(text)
    assert [f.text for f in everything] == ["Zorp", "blarg", "the the", "frimble", "quonk", "snerd"]
    assert spelling.check(text, limit=3) == everything[:3]


def test_locator_and_mask_keep_offsets() -> None:
    text = "ab\ncd\n\nef"
    locator = Locator(text)
    assert [locator.line_column(i) for i in (0, 1, 3, 6, 7, 8)] == [
        (1, 1),
        (1, 2),
        (2, 1),
        (3, 1),
        (4, 1),
        (4, 2),
    ]
    masked = mask_non_prose("mail me@x.com now")
    assert masked == "mail " + " " * 8 + " now"


# Class 9: British English, capitalised misspellings, resume conventions, one report each.


def test_the_variant_follows_the_country() -> None:
    assert [variant_for(c) for c in ("US", "PR", "GB", "AU", "CA", "DE", None)] == [
        "en-US", "en-US", "en-GB", "en-GB", "en-GB", "en-GB", "en-GB",
    ]  # fmt: skip


BRITISH_FORMS = (
    "Organisations, organisational, programmes, centres, centred, favourite, honourable, "
    "behavioural, analysed, analysing, travelled, labelling, catalogues, defence, "
    "paediatric, oestrogen, manoeuvre, jewellery, sceptical, aluminium, tyres, mould."
)


def test_british_and_commonwealth_spellings_are_correct_outside_the_us(
    spelling: SpellCheck,
) -> None:
    assert spelling.check(BRITISH_FORMS, variant="en-GB") == []


def test_for_a_us_reader_british_forms_are_regional_with_the_american_form(
    spelling: SpellCheck,
) -> None:
    found = spelling.check(BRITISH_FORMS, variant="en-US")
    assert {f.rule for f in found} == {"regional_spelling"}
    pairs = {f.text: f.suggestion for f in found}
    assert pairs["Organisations"] == "Organizations"
    assert pairs["centred"] == "centered"
    assert pairs["defence"] == "defense"
    assert pairs["manoeuvre"] == "maneuver"
    # The dictionary itself knows travelled, labelling and catalogues: never flagged.
    assert len(found) == 19


def test_a_typo_is_not_taken_for_a_british_form(spelling: SpellCheck) -> None:
    assert [f.rule for f in spelling.check("Colur and managment.", variant="en-GB")] == [
        "unknown_word",
        "unknown_word",
    ]


def test_a_misspelling_starting_a_line_or_sentence_is_not_a_name(spelling: SpellCheck) -> None:
    # No word is one edit from "Managmnet": mid-sentence it would pass for a name.
    [first] = spelling.check("Managmnet of teams since 2019.")
    assert (first.rule, first.text, first.line, first.column) == ("unknown_word", "Managmnet", 1, 1)
    [second] = spelling.check("Led it.\n- Managmnet was hard.\nI did. Managmnet too.")[:1]
    assert (second.line, second.column) == (2, 3)
    assert len(spelling.check("Led it.\n- Managmnet was hard.\nI did. Managmnet too.")) == 2


def test_names_starting_a_line_are_still_names(spelling: SpellCheck) -> None:
    text = (
        "Srinivasan Kowalczyk\nZyntrix, a fintech startup.\n"
        "Worked with Srinivasan daily.\nOluwaseun"
    )
    assert spelling.check(text) == []


def test_headings_in_capitals_are_checked_and_acronyms_are_not(spelling: SpellCheck) -> None:
    [finding] = spelling.check("EXPERIANCE\nAWS, COBOL, HIPAA and GCP.")
    assert (finding.text, finding.suggestion) == ("EXPERIANCE", "EXPERIENCE")


def test_resume_conventions_are_not_grammar_errors(spelling: SpellCheck) -> None:
    text = (
        "B.Sc. in computer science, M.S. in statistics, Ph.D. candidate.\n"
        "MBA. Sr. engineer, then Mgr. responsible for ops in the U.K. based team.\n"
        "Skills: Python. docker, kubernetes. agile coaching.\n"
        "- Stakeholder management. budgets\n"
        "Shipped it. e.g. the billing revamp, etc. more."
    )
    assert spelling.check(text) == []


def test_a_lowercase_start_after_a_real_sentence_is_still_reported(spelling: SpellCheck) -> None:
    found = spelling.check("Led the team. increased revenue.\n- Built it. then shipped.")
    assert [(f.text, f.line) for f in found] == [("increased", 1), ("then", 2)]


def test_each_finding_is_reported_once(spelling: SpellCheck) -> None:
    [typo] = spelling.check("I shipped it. teh rest followed.")
    assert (typo.rule, typo.text, typo.suggestion) == ("unknown_word", "teh", "The")
    [pronoun] = spelling.check("We shipped it. i led.")
    assert (pronoun.rule, pronoun.suggestion) == ("lowercase_i", "I")


def test_a_text_is_checked_once_and_a_changed_text_again(monkeypatch: pytest.MonkeyPatch) -> None:
    spelling = SpellCheck()
    calls: list[str] = []
    real = spelling._check

    def counting(text: str, *args: Any) -> list[Finding]:
        calls.append(text)
        return real(text, *args)

    monkeypatch.setattr(spelling, "_check", counting)
    text = "Led stakeholder managment."
    first = spelling.check(text, limit=5)
    assert spelling.check(text, limit=5) == first
    assert calls == [text]
    assert spelling.check(text, limit=5, variant="en-US") == first  # another key: checked
    assert spelling.check(text + " Shipped it.", limit=5)[0] == first[0]
    assert len(calls) == 3
