"""The closed vocabularies of contract v1 (docs/contract.md section 1)."""

from enum import StrEnum


class Seniority(StrEnum):
    """How senior a contact is.

    - `junior`: early in their career, rarely able to hire
    - `mid`: an experienced individual contributor
    - `senior`: a senior professional or team lead, often heard by hiring managers
    - `executive`: a director, vice president or officer, who can open doors
    """

    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    EXECUTIVE = "executive"


class Relationship(StrEnum):
    """How the candidate knows a contact.

    - `former_colleague`: they worked together
    - `friend`: a friend
    - `alumni`: they studied at the same school
    - `acquaintance`: they have met before, loosely
    - `recruiter`: a recruiter
    - `cold`: no prior connection
    - `other`: another relationship
    """

    FORMER_COLLEAGUE = "former_colleague"
    FRIEND = "friend"
    ALUMNI = "alumni"
    ACQUAINTANCE = "acquaintance"
    RECRUITER = "recruiter"
    COLD = "cold"
    OTHER = "other"


class Channel(StrEnum):
    """How the candidate reached out.

    - `linkedin`: a LinkedIn message or connection request
    - `email`: an email
    - `phone`: a phone call
    - `coffee`: in person, over coffee
    - `event`: at an event
    - `other`: another channel
    """

    LINKEDIN = "linkedin"
    EMAIL = "email"
    PHONE = "phone"
    COFFEE = "coffee"
    EVENT = "event"
    OTHER = "other"


class Willingness(StrEnum):
    """How willing to help a contact sounded when they replied.

    - `eager`: keen to help
    - `willing`: agreed to help
    - `neutral`: neither keen nor reluctant
    - `reluctant`: hesitant to help
    - `declined`: said no
    """

    EAGER = "eager"
    WILLING = "willing"
    NEUTRAL = "neutral"
    RELUCTANT = "reluctant"
    DECLINED = "declined"


class MeetingFormat(StrEnum):
    """How a meeting took place.

    - `coffee`: in person, over coffee
    - `call`: a phone call
    - `video`: a video call
    - `event`: at an event
    """

    COFFEE = "coffee"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"


class ReferredTo(StrEnum):
    """Whom a referral reached at the employer.

    - `hiring_manager`: the person who hires for the role
    - `team_member`: someone on the hiring team
    - `recruiter`: the employer's recruiter
    - `hr`: human resources ("passed to HR")
    """

    HIRING_MANAGER = "hiring_manager"
    TEAM_MEMBER = "team_member"
    RECRUITER = "recruiter"
    HR = "hr"


class LeadQuality(StrEnum):
    """How promising a lead is.

    - `solid`: a real opening the candidate fits, with a way in
    - `weak`: a vague or unlikely opening
    """

    SOLID = "solid"
    WEAK = "weak"


class Circumstance(StrEnum):
    """How a job really ended (the record).

    - `laid_off`: the position was cut
    - `fired`: dismissed
    - `resigned_on_bad_terms`: left after a conflict
    - `resigned`: left on good terms
    - `contract_ended`: a fixed-term contract ran out
    - `still_employed`: has not left yet
    """

    LAID_OFF = "laid_off"
    FIRED = "fired"
    RESIGNED_ON_BAD_TERMS = "resigned_on_bad_terms"
    RESIGNED = "resigned"
    CONTRACT_ENDED = "contract_ended"
    STILL_EMPLOYED = "still_employed"


class Story(StrEnum):
    """The story a candidate tells about leaving their last job.

    - `laid_off`: "my position was cut"
    - `fired`: "I was let go"
    - `resigned_on_bad_terms`: "I left after a conflict"
    - `growth`: "I left to grow"
    - `relocation`: "I moved"
    - `compensation`: "I left for better pay"
    - `vague`: no clear story
    - `other`: another story
    """

    LAID_OFF = "laid_off"
    FIRED = "fired"
    RESIGNED_ON_BAD_TERMS = "resigned_on_bad_terms"
    GROWTH = "growth"
    RELOCATION = "relocation"
    COMPENSATION = "compensation"
    VAGUE = "vague"
    OTHER = "other"


class Valence(StrEnum):
    """Negative, neutral or positive.

    - `negative`: unfavourable
    - `neutral`: neither
    - `positive`: favourable
    """

    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Asset(StrEnum):
    """What a candidate submitted for review.

    - `resume`: the resume
    - `linkedin`: the LinkedIn profile
    - `facebook`: the Facebook profile
    - `portfolio`: a portfolio
    - `other`: another document
    """

    RESUME = "resume"
    LINKEDIN = "linkedin"
    FACEBOOK = "facebook"
    PORTFOLIO = "portfolio"
    OTHER = "other"


class Aspect(StrEnum):
    """What feedback on a candidate is about.

    - `spelling`: spelling mistakes
    - `grammar`: grammar mistakes
    - `photo`: the photo
    - `dress`: how they dress
    - `content`: what the documents say
    - `departure_story`: the story about leaving the last job
    - `other`: something else
    """

    SPELLING = "spelling"
    GRAMMAR = "grammar"
    PHOTO = "photo"
    DRESS = "dress"
    CONTENT = "content"
    DEPARTURE_STORY = "departure_story"
    OTHER = "other"
