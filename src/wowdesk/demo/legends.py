"""Demo legends: the starter values, candidates found in the demo's own history, a few legends told
from the journey stories (two public, two for staff), the long call waiting in review for journey 11,
an onboarding reading list for new hires (journey 12), and customers' own stories.

Everything goes through the legends services except consent answered by email, which is written
as the row the answer leaves behind (no email is sent while seeding). The finder looks at a short
window for the big tables (calls, gestures) so the step stays quick at a million conversations.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction

from wowdesk.accounts.models import User
from wowdesk.conversations.models import Conversation
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.legends.facts import Sources
from wowdesk.legends.grades import unknown_grades
from wowdesk.legends.models import (
    Candidate,
    CompanyValue,
    Consent,
    ConsentMethod,
    ConsentState,
    Legend,
    LegendRead,
    State,
)
from wowdesk.legends.rules import CustomerStoryAccepted, GestureThanked, HeroAward, LongCall, SocialPraise
from wowdesk.legends.selectors import token_digest
from wowdesk.legends.services import (
    candidates_find,
    customer_story_accept,
    customer_story_submit,
    legend_capture,
    legend_comment,
    legend_react,
    legend_redact,
    legend_transition,
    legend_update,
    reading_list_add,
    reading_list_create,
)
from wowdesk.legends.starter import install_starter_values

# Calls and gestures are big tables: look back a few weeks (the journey stories are all within that).
RECENT = dt.timedelta(days=21)
# Awards, public posts and customers' stories are few: look back over the demo's months of recognition.
LONG_AGO = dt.timedelta(days=130)

TOLD = {
    "tyres": (
        "keisha",
        "The tyres we never sold",
        "A customer wrote to ask whether we could do anything about four tyres he had bought at a garage in "
        "town, which had since closed. They were the wrong size for his car, and we have never sold a tyre.\n\n"
        "Keisha refunded what he had paid, told him to keep the tyres (the recycling centre on the north side "
        "takes them for free) and wrote back within the hour. The next day he answered that he would be buying "
        "his boots from us from now on.",
        "The rule is not \u201conly things we sold\u201d. The rule is that people can trust us with a problem. "
        "Keisha did not ask anyone's permission, and she did not need to.",
        ("Say yes, then work out how", "Put it right, even when it isn't ours"),
    ),
    "lost_toy": (
        "jun",
        "A letter from space",
        "A seven-year-old had lost the little astronaut that came with his boots, somewhere in the park, and "
        "asked through his mum's email whether we could help.\n\nJun wrote back to him, not to the order: a "
        "letter for a seven-year-old explaining that the astronaut had gone on a secret mission, and that his "
        "twin brother was already flying over. The new figure went out free that evening. Four days later "
        "his mum told us he had read the letter out loud to his grandparents, twice.",
        "We answered the person who wrote. A few minutes of imagination turned a lost toy into the best "
        "week of a child's spring.",
        ("Small things, done with care", "Know the person, not just the order"),
    ),
    "airport_steak": (
        "theo",
        "A steak at arrivals",
        "A customer joked in a public post that we should meet his late flight with a steak. Theo looked up the "
        "landing time, ordered a strip steak and fries from the grill by terminal B, and stood at arrivals "
        "with a sign.\n\nHis next post was a photo of the sign.",
        "Listen to what people say in passing. The joke was an invitation; saying yes cost less than an advert "
        "and meant a great deal more.",
        ("Say yes, then work out how", "Small things, done with care"),
    ),
    "hospital_shoes": (
        "rafa",
        "Shoes for the ward",
        "A father wrote that his daughter, in hospital for weeks of treatment, kept asking for glitter "
        "high-tops from a brand we do not stock. Rafael did not stop at \u201cwe don't carry those\u201d. He "
        "pulled in Charlotte and Benji from Kids' Shoes, and together they found purple high-tops that light up "
        "when you walk, sparkly laces, silly socks and a card signed by the whole kids' floor.\n\nThe parcel "
        "went overnight, straight to the ward.",
        "The answer to \u201cwe don't have it\u201d is \u201cwhat can we do instead?\u201d, and it is never a "
        "question for one team alone.",
        ("No team is too far away", "Say yes, then work out how"),
    ),
}
LONG_CALL = (
    "The longest call of the year",
    "Lorna Castellane rang to order a pair of walking shoes and mentioned that she was moving from Cleveland to "
    "Albuquerque with her two teenagers. Marisa asked about the move, and the call ran for almost eight hours: "
    "neighbourhoods, schools, the two hospital interviews, where to walk on the first weekend. You can reach her "
    "on +1 555 216 4410 if you want to check the shoes arrived.\n\n"
    "At the end Lorna said it was the first time the move had felt exciting instead of frightening. Marisa sent "
    "her own list of breakfast places the same afternoon.",
    "Marisa never looked at the clock, and nothing in our tools asked her to. The order took five minutes; the "
    "care took the rest of the day, and that is the part Lorna will remember.",
    ("Take the time it takes", "Know the person, not just the order"),
)
CUSTOMER_STORIES = (
    (
        "Priya, Madison",
        "priyanka.sethi@example.org",
        "My son lost the toy that came with his boots and made me write to you. I expected a polite no. Instead "
        "he got a letter addressed to him, and a new astronaut three days later. He still keeps the letter on "
        "his wall. Thank you for taking a seven-year-old seriously.",
        True,
        "accept",
    ),
    (
        "Sam",
        "sam.whitford@example.com",
        "You exchanged my boots the day before a hiking trip and upgraded the shipping without me asking. "
        "Small thing, big difference. Feel free to call me on 555 301 2277 if you ever want a review.",
        True,
        "accept",
    ),
    (
        "Jide",
        "jide.okoro@example.net",
        "The wedding shoes arrived in the wrong colour two days before the day. Your team found the right pair "
        "in a shop near the venue and had it held for me. I want everyone to know.",
        True,
        "pending",
    ),
)


def _story(ctx: SeedContext, name: str) -> Conversation | None:
    ids = ctx.story_conversations.get(name)
    return Conversation.objects.select_related("customer", "assignee", "team").get(pk=ids[0]) if ids else None


def _values(names: tuple[str, ...]) -> list[CompanyValue]:
    return list(CompanyValue.objects.filter(name__in=names))


def _lead_of(ctx: SeedContext, user: User) -> User:
    return ctx.staff.leads.get(user.team_id or 0) or ctx.staff[DEMO_USERNAME]


def _candidate_for(conversation: Conversation) -> Candidate | None:
    return Candidate.objects.filter(subject=f"conversation:{conversation.pk}").first()


def _tell(ctx: SeedContext, name: str, *, to: str) -> Legend | None:
    conversation = _story(ctx, name)
    if conversation is None or name not in TOLD:
        return None
    username, title, story, lesson, value_names = TOLD[name]
    author = ctx.staff[username]
    lead = _lead_of(ctx, author)
    legend = legend_capture(
        actor=author,
        sources=Sources(conversation=conversation),
        candidate=_candidate_for(conversation),
        grades=unknown_grades,
    )
    legend = legend_update(
        actor=author, legend=legend, title=title, story=story, lesson=lesson, values=_values(value_names)
    )
    legend = legend_redact(actor=author, legend=legend)
    legend = legend_transition(actor=author, legend=legend, to=State.REVIEW)
    legend_comment(actor=lead, legend=legend, body="Lovely. Could you say a little more about why it mattered to them?")
    if to == State.PUBLIC:
        _answered_by_email(legend, requested_by=author, at=ctx.now - dt.timedelta(days=1))
    return legend_transition(actor=lead, legend=legend, to=to)


def _answered_by_email(legend: Legend, *, requested_by: User, at: dt.datetime) -> None:
    """The row a consent email leaves once the customer said yes (the token itself was never kept)."""
    assert legend.customer is not None
    email = legend.customer.emails.order_by("-is_primary", "id").values_list("email", flat=True).first() or ""
    Consent.objects.create(
        legend=legend,
        customer=legend.customer,
        method=ConsentMethod.EMAIL,
        state=ConsentState.GIVEN,
        email=email,
        token_digest=token_digest(secrets.token_urlsafe(32)),
        expires_at=at + dt.timedelta(days=14),
        content_digest=legend.content_digest,
        snapshot={"title": legend.title, "story_html": legend.story_html, "lesson": legend.lesson},
        requested_by=requested_by,
        responded_at=at,
        created_at=at - dt.timedelta(hours=5),
    )


def _long_call_in_review(ctx: SeedContext) -> Legend | None:
    """Journey 11 starts here: the lead has written it up; redaction, consent and publishing are left to do."""
    conversation = _story(ctx, "long_call")
    if conversation is None:
        return None
    lead = ctx.staff[DEMO_USERNAME]
    title, story, lesson, value_names = LONG_CALL
    legend = legend_capture(
        actor=lead,
        sources=Sources(conversation=conversation),
        candidate=_candidate_for(conversation),
        grades=unknown_grades,
    )
    legend = legend_update(
        actor=lead, legend=legend, title=title, story=story, lesson=lesson, values=_values(value_names)
    )
    legend = legend_transition(actor=lead, legend=legend, to=State.REVIEW)
    legend_comment(
        actor=ctx.staff["marisa"], legend=legend, body="Thank you for writing this up. She sent a postcard last week!"
    )
    return legend


def _reactions(ctx: SeedContext, legends: list[Legend]) -> None:
    people = [
        u for u in ctx.staff.by_username.values() if u.username in {"omar", "dev", "noa", "callum", "pilar", "bex"}
    ]
    kinds = ("touched", "applause", "learned")
    for i, legend in enumerate(legends):
        for j, person in enumerate(people):
            if (i + j) % 3 != 2:
                legend_react(actor=person, legend=legend, kind=kinds[(i + j) % 3], on=True)
    if legends and "dev" in ctx.staff.by_username:
        legend_comment(actor=ctx.staff["dev"], legend=legends[0], body="I tell this one to every new starter.")


def _reading_list(ctx: SeedContext, legends: list[Legend]) -> None:
    lead = ctx.staff[DEMO_USERNAME]
    reading = reading_list_create(
        actor=lead,
        name="Your first weeks on the phones",
        description="Everyone starts on the phones, whatever their job will be. Read these first: they are what "
        "we mean by service, in our own words.",
        for_new_hires=True,
    )
    notes = (
        "Why we say yes first.",
        "The customer is a person, sometimes a very small one.",
        "Listening is most of the job.",
        "Nobody solves the big ones alone.",
    )
    for legend, note in zip(legends, notes, strict=False):
        reading_list_add(actor=lead, reading_list=reading, legend=legend, note=note)
    felix = ctx.staff.by_username.get("felix")
    if felix is not None and legends:
        LegendRead.objects.create(user=felix, legend=legends[0], read_at=ctx.now - dt.timedelta(days=2))


def _customer_stories(ctx: SeedContext) -> None:
    moderator = ctx.staff[DEMO_USERNAME]
    for i, (name, email, text, may_publish, decision) in enumerate(CUSTOMER_STORIES):
        story = customer_story_submit(
            name=name,
            email=email,
            text=text,
            may_publish=may_publish,
            ip=f"192.0.2.{i + 10}",
            now=ctx.now - dt.timedelta(days=5 - i),
        )
        if story is not None and decision == "accept":
            customer_story_accept(actor=moderator, story=story, now=ctx.now - dt.timedelta(days=4 - i))


def seed_legends(ctx: SeedContext) -> None:
    progress = ctx.progress("legends", 4)
    with transaction.atomic():
        install_starter_values()
    until = ctx.now + dt.timedelta(minutes=1)
    candidates_find(since=ctx.now - RECENT, until=until, rules=[LongCall(), GestureThanked()])
    candidates_find(since=ctx.now - LONG_AGO, until=until, rules=[HeroAward(), SocialPraise()])
    progress.advance()
    with transaction.atomic():
        _customer_stories(ctx)
    candidates_find(since=ctx.now - LONG_AGO, until=until, rules=[CustomerStoryAccepted()])
    progress.advance()
    with transaction.atomic():
        told = [
            legend
            for legend in (
                _tell(ctx, "tyres", to=State.PUBLIC),
                _tell(ctx, "lost_toy", to=State.PUBLIC),
                _tell(ctx, "airport_steak", to=State.STAFF),
                _tell(ctx, "hospital_shoes", to=State.STAFF),
            )
            if legend is not None
        ]
        _long_call_in_review(ctx)
        progress.advance()
        _reactions(ctx, told)
        _reading_list(ctx, told)
    progress.advance()
    progress.finish()
