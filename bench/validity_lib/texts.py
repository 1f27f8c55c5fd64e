"""Resume and LinkedIn texts: clean ones per spelling convention, and planted mistakes.

The clean texts are written to be correct English a careful coach would pass: common
words, well-known place and school names, resume conventions (degree abbreviations,
acronyms, bullet fragments). The British ones use British spelling on purpose.
"""

from __future__ import annotations

import random

CLEAN_US = """Senior Project Manager

Experience
- Led a team of eight engineers and delivered the new billing system on time.
- Managed a budget of two million dollars and reduced costs by twelve percent.
- Received the annual award for customer service in 2023.
- Responsible for vendor management and contract negotiation.
- Organized the yearly planning program with the finance team.

Education
MBA, University of Michigan
B.Sc. in Computer Science

Skills
Python, SQL, Excel, project planning, public speaking
"""

CLEAN_GB = """Senior Project Manager

Experience
- Led a team of eight engineers and delivered the new billing system on time.
- Managed a budget of two million pounds and reduced costs by twelve per cent.
- Received the annual award for customer service in 2023.
- Responsible for vendor management and contract negotiation.
- Organised the yearly planning programme and analysed customer behaviour.

Education
MBA, University of Manchester
BSc in Computer Science

Skills
Python, SQL, Excel, project planning, public speaking
"""

# Words spelled the same on both sides of the Atlantic (Canada and Germany get these).
CLEAN_NEUTRAL = """Senior Project Manager

Experience
- Led a team of eight engineers and delivered the new billing system on time.
- Managed a budget of two million and reduced costs by twelve percent.
- Received the annual award for customer service in 2023.
- Responsible for vendor management and contract negotiation.

Education
MBA, University of Toronto
B.Sc. in Computer Science

Skills
Python, SQL, Excel, project planning, public speaking
"""

LINKEDIN_CLEAN = (
    "Project manager with ten years of experience in software delivery. "
    "I help teams plan their work, meet their deadlines and keep customers happy."
)

BRITISH = frozenset({"GB", "AU", "IN", "IE", "NZ"})

# Each misspelling replaces a word that occurs in MISTAKES_BASE.
MISSPELLINGS = {
    "management": "managment",
    "received": "recieved",
    "responsible": "responsable",
    "achieved": "acheived",
    "experience": "experiance",
    "successfully": "succesfully",
    "environment": "enviroment",
    "business": "buisness",
}

MISTAKES_BASE = """Project Manager

Experience
Management of a team of six in a fast business environment.
- Received the award for the best project of the year.
- Responsible for the yearly budget and achieved every target.
- Successfully moved the team to a new office.
- Ten years of experience in software delivery.
"""

GRAMMAR_ERRORS = (
    "I has led the team for three years.",
    "Me and my manager was responsible for the launch.",
)


def clean_resume(country: str) -> str:
    if country == "US":
        return CLEAN_US
    return CLEAN_GB if country in BRITISH else CLEAN_NEUTRAL


def with_mistakes(rng: random.Random, misspellings: int, grammar: int) -> str:
    """The mistakes text with ``misspellings`` words misspelled (the first line of the
    experience section included when it is drawn: a misspelling at the start of a line
    is still a misspelling) and ``grammar`` ungrammatical sentences appended."""
    text = MISTAKES_BASE
    for word in rng.sample(sorted(MISSPELLINGS), misspellings):
        text = text.replace(word, MISSPELLINGS[word]).replace(
            word.capitalize(), MISSPELLINGS[word].capitalize()
        )
    lines = [f"- {sentence}" for sentence in GRAMMAR_ERRORS[:grammar]]
    return text + "\n".join(lines) + ("\n" if lines else "")
