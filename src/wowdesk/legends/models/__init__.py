"""Every model of the legends app."""

from wowdesk.legends.models.candidates import Candidate, CandidateReason, CandidateState
from wowdesk.legends.models.consent import Consent, ConsentMethod, ConsentState
from wowdesk.legends.models.legends import (
    EDITABLE,
    PUBLISHED,
    ClipKind,
    Legend,
    LegendComment,
    LegendReaction,
    LegendRead,
    LegendVersion,
    Reaction,
    State,
)
from wowdesk.legends.models.reading import ReadingList, ReadingListItem
from wowdesk.legends.models.stories import CustomerStory, StoryState
from wowdesk.legends.models.values import CompanyValue

__all__ = [
    "EDITABLE",
    "PUBLISHED",
    "Candidate",
    "CandidateReason",
    "CandidateState",
    "ClipKind",
    "CompanyValue",
    "Consent",
    "ConsentMethod",
    "ConsentState",
    "CustomerStory",
    "Legend",
    "LegendComment",
    "LegendReaction",
    "LegendRead",
    "LegendVersion",
    "Reaction",
    "ReadingList",
    "ReadingListItem",
    "State",
    "StoryState",
]
