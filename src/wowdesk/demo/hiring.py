"""Demo hiring: five candidates at different stages, every panel with someone from customer service.

- A financial analyst for Finance with an offer out: Ruth and Felix from
  Finance interviewed her, and Marisa from customer service, whose culture
  assessment is what made the offer possible.
- A customer loyalty rep who has just applied, the panel still forming.
- A children's footwear buyer being interviewed: two scorecards are in, and
  the demo login sits on the panel without one yet, so the page shows the
  rule that you read the others only after writing your own.
- A kids' shoes merchandiser declined: strong skills, but the service
  panelist saw no culture fit, so no offer could be made.
- A rep hired last season, linked to her account (Rebecca, on Evergreen).

All through the hiring services, a few dozen queries whatever the size of the demo.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from wowdesk.accounts.models import Department, User
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.demo.staff import SERVICE_DEPARTMENT
from wowdesk.hiring.models import Candidate, Status
from wowdesk.hiring.services import candidate_create, candidate_move, panel_add, scorecard_submit
from wowdesk.legends.models import CompanyValue

DAY = dt.timedelta(days=1)


def _values(*slugs: str) -> list[CompanyValue]:
    return list(CompanyValue.objects.filter(slug__in=slugs, is_active=True))


def _candidate(by: User, department: Department, when: dt.datetime, **fields: Any) -> Candidate:
    return candidate_create(actor=by, department=department, now=when, **fields)


def _panel(candidate: Candidate, by: User, *people: User) -> None:
    for person in people:
        panel_add(actor=by, candidate=candidate, user=person, now=candidate.created_at)


def _card(candidate: Candidate, author: User, when: dt.datetime, values: list[CompanyValue], **fields: str) -> None:
    scorecard_submit(actor=author, candidate=candidate, values=values, now=when, **fields)


@transaction.atomic
def seed_hiring(ctx: SeedContext) -> None:
    progress = ctx.progress("hiring", 5)
    people = ctx.staff.by_username
    needed = ("ruth", "felix", "marisa", "gus", "keisha", "lottie", "noa", "ben", "ines", "dev", "bex", DEMO_USERNAME)
    if any(name not in people for name in needed):
        progress.finish()
        return
    departments = {d.name: d for d in Department.objects.all()}
    service, finance, kids = departments[SERVICE_DEPARTMENT], departments["Finance"], departments["Kids' Shoes"]
    ruth, demo, gus, ines = people["ruth"], people[DEMO_USERNAME], people["gus"], people["ines"]
    earlier = ctx.now - 2 * DAY

    analyst = _candidate(
        ruth,
        finance,
        ctx.now - 9 * DAY,
        name="Amara Whitfield",
        email="amara.whitfield@example.net",
        role="Financial analyst",
        source="referral",
    )
    _panel(analyst, ruth, ruth, people["felix"], people["marisa"])
    candidate_move(actor=ruth, candidate=analyst, to=Status.INTERVIEWING, now=earlier - DAY)
    _card(
        analyst,
        ruth,
        earlier,
        _values("say-yes-then-work-out-how"),
        skills="strong_yes",
        skills_evidence="Rebuilt our refunds forecast from the raw ledger in the case exercise.",
        culture="yes",
        culture_evidence="Asked what happens to customers when a refund is late, not just the cost.",
        vote="hire",
    )
    _card(
        analyst,
        people["felix"],
        earlier,
        [],
        skills="yes",
        skills_evidence="Explained accruals to me more clearly than my textbook did.",
        culture="yes",
        culture_evidence="Talked about her old team's wins as 'we', her own mistakes as 'I'.",
        vote="hire",
    )
    _card(
        analyst,
        people["marisa"],
        earlier,
        _values("know-the-person-not-just-the-order", "no-team-is-too-far-away"),
        skills="yes",
        skills_evidence="Quick with the spreadsheet I gave her of a month of gestures.",
        culture="strong_yes",
        culture_evidence="On a mock call with an upset customer she slowed down, listened, and offered to "
        "ring back with an answer herself. She would be at home on the phones in her first four weeks.",
        vote="hire",
    )
    candidate_move(actor=ruth, candidate=analyst, to=Status.OFFER, now=ctx.now - DAY)
    progress.advance()

    applied = _candidate(
        gus,
        service,
        ctx.now - DAY,
        name="Tobias Kerr",
        email="tobias.kerr@example.org",
        role="Customer loyalty rep",
        source="careers_page",
    )
    _panel(applied, gus, gus, people["keisha"])
    progress.advance()

    buyer = _candidate(
        ines,
        kids,
        ctx.now - 6 * DAY,
        name="Lena Sorensen",
        email="lena.sorensen@example.com",
        role="Children's footwear buyer",
        source="job_board",
    )
    _panel(buyer, ines, people["lottie"], people["noa"], demo)
    candidate_move(actor=ines, candidate=buyer, to=Status.INTERVIEWING, now=earlier)
    _card(
        buyer,
        people["lottie"],
        ctx.now - DAY,
        [],
        skills="strong_yes",
        skills_evidence="Knew our spring range better than some of us and priced two lines on the spot.",
        culture="yes",
        culture_evidence="Brought up fit problems parents write to us about, unprompted.",
        vote="hire",
    )
    _card(
        buyer,
        people["noa"],
        ctx.now - DAY,
        _values("small-things-done-with-care"),
        skills="yes",
        skills_evidence="Asked sharp questions about returns by size.",
        culture="yes",
        culture_evidence="Told a story of packing a replacement pair with a note for a child.",
        vote="hire",
    )
    progress.advance()

    merchandiser = _candidate(
        ines,
        kids,
        ctx.now - 12 * DAY,
        name="Jonah Pike",
        email="jonah.pike@example.net",
        role="Kids' shoes merchandiser",
        source="agency",
    )
    _panel(merchandiser, ines, people["ben"], people["keisha"])
    candidate_move(actor=ines, candidate=merchandiser, to=Status.INTERVIEWING, now=earlier - 3 * DAY)
    _card(
        merchandiser,
        people["ben"],
        earlier - 2 * DAY,
        [],
        skills="strong_yes",
        skills_evidence="His window plan for back-to-school was the best we have seen.",
        culture="yes",
        culture_evidence="Polite and prepared.",
        vote="hire",
    )
    _card(
        merchandiser,
        people["keisha"],
        earlier - 2 * DAY,
        [],
        skills="yes",
        skills_evidence="Clearly knows merchandising.",
        culture="no",
        culture_evidence="Called customers who return shoes 'the problem people' twice, and talked over the "
        "warehouse lead who showed him round.",
        vote="no_hire",
    )
    candidate_move(actor=ines, candidate=merchandiser, to=Status.DECLINED, now=earlier)
    progress.advance()

    rebecca = _candidate(
        ines,
        service,
        ctx.now - 70 * DAY,
        name="Rebecca Osei",
        email="rebecca.osei@example.org",
        role="Customer loyalty rep",
        source="customer",
    )
    _panel(rebecca, ines, ines, people["dev"])
    candidate_move(actor=ines, candidate=rebecca, to=Status.INTERVIEWING, now=ctx.now - 60 * DAY)
    _card(
        rebecca,
        ines,
        ctx.now - 59 * DAY,
        _values("take-the-time-it-takes"),
        skills="yes",
        skills_evidence="Handled the practice call calmly and found the order in seconds.",
        culture="strong_yes",
        culture_evidence="She first wrote to us as a customer, to thank a rep by name for a long call.",
        vote="hire",
    )
    _card(
        rebecca,
        people["dev"],
        ctx.now - 59 * DAY,
        _values("know-the-person-not-just-the-order"),
        skills="yes",
        skills_evidence="Typed notes while listening and never lost the thread of the customer's story.",
        culture="strong_yes",
        culture_evidence="Remembered the name of the receptionist who greeted her and thanked her on the way out.",
        vote="hire",
    )
    candidate_move(actor=ines, candidate=rebecca, to=Status.OFFER, now=ctx.now - 58 * DAY)
    candidate_move(actor=ines, candidate=rebecca, to=Status.HIRED, hired_user=people["bex"], now=ctx.now - 50 * DAY)
    progress.advance()
    progress.finish()
