"""The closed vocabularies of contract v1 (docs/contract.md section 1)."""

from enum import StrEnum


class Seniority(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    EXECUTIVE = "executive"


class Relationship(StrEnum):
    FORMER_COLLEAGUE = "former_colleague"
    FRIEND = "friend"
    ALUMNI = "alumni"
    ACQUAINTANCE = "acquaintance"
    RECRUITER = "recruiter"
    COLD = "cold"
    OTHER = "other"


class Channel(StrEnum):
    LINKEDIN = "linkedin"
    EMAIL = "email"
    PHONE = "phone"
    COFFEE = "coffee"
    EVENT = "event"
    OTHER = "other"


class Willingness(StrEnum):
    EAGER = "eager"
    WILLING = "willing"
    NEUTRAL = "neutral"
    RELUCTANT = "reluctant"
    DECLINED = "declined"


class MeetingFormat(StrEnum):
    COFFEE = "coffee"
    CALL = "call"
    VIDEO = "video"
    EVENT = "event"


class ReferredTo(StrEnum):
    HIRING_MANAGER = "hiring_manager"
    TEAM_MEMBER = "team_member"
    RECRUITER = "recruiter"
    HR = "hr"


class LeadQuality(StrEnum):
    SOLID = "solid"
    WEAK = "weak"


class Circumstance(StrEnum):
    LAID_OFF = "laid_off"
    FIRED = "fired"
    RESIGNED_ON_BAD_TERMS = "resigned_on_bad_terms"
    RESIGNED = "resigned"
    CONTRACT_ENDED = "contract_ended"
    STILL_EMPLOYED = "still_employed"


class Story(StrEnum):
    LAID_OFF = "laid_off"
    FIRED = "fired"
    RESIGNED_ON_BAD_TERMS = "resigned_on_bad_terms"
    GROWTH = "growth"
    RELOCATION = "relocation"
    COMPENSATION = "compensation"
    VAGUE = "vague"
    OTHER = "other"


class Valence(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


class Asset(StrEnum):
    RESUME = "resume"
    LINKEDIN = "linkedin"
    FACEBOOK = "facebook"
    PORTFOLIO = "portfolio"
    OTHER = "other"


class Aspect(StrEnum):
    SPELLING = "spelling"
    GRAMMAR = "grammar"
    PHOTO = "photo"
    DRESS = "dress"
    CONTENT = "content"
    DEPARTURE_STORY = "departure_story"
    OTHER = "other"
