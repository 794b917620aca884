"""Journeys 9, 10 and 12 in a real browser: the people side of WowDesk.

- 9: a lead asks staff a secret poll; results stay hidden until five people answered, then show only
  the distribution, never who voted.
- 10: a colleague nominates a rep as Hero, with a helper from another department as Sidekick; staff vote
  and the monthly close puts both on the wall of fame.
- 12: a lead puts a new Finance hire on the phones for four weeks; the hire follows their weeks and the
  legends reading list, and the lead follows the progress.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tests.factories import TEST_PASSWORD, CallFactory, ConversationFactory, DepartmentFactory, UserFactory
from wowdesk.accounts.models import User
from wowdesk.cards.periods import next_month
from wowdesk.conversations.models import Channel
from wowdesk.happiness.models import Poll, PollBallot, PollVoter
from wowdesk.happiness.services import poll_answer
from wowdesk.legends.models import Legend, LegendRead, State
from wowdesk.legends.services import reading_list_add, reading_list_create
from wowdesk.onboarding.models import PhoneStint
from wowdesk.recognition.models import Award, AwardKind, Nomination
from wowdesk.recognition.services import award_months_close, nomination_create, nomination_vote

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _browser(page: Page) -> Browser:
    browser = page.context.browser
    assert browser is not None
    return browser


def log_in(page: Page, base: str, user: User) -> Page:
    page.goto(base + "/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def menu(page: Page, name: str) -> Locator:
    """A link in the main menu, whatever badge the menu has put beside it (``Onboarding week 1``)."""
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(rf"^{re.escape(name)}\b"))


def log_in_elsewhere(page: Page, base: str, user: User) -> Page:
    """``user`` in a browser context of their own (their own cookies), beside the others."""
    return log_in(_browser(page).new_context().new_page(), base, user)


# Journey 9: "How are we doing, honestly?" ------------------------------------------------------

QUESTION = "Grade our service this month, A to F"


def answer_the_poll(page: Page, grade: str, comment: str = "") -> None:
    menu(page, "Happiness").click()
    page.get_by_role("link", name="Secret polls").click()
    page.get_by_test_id("polls").get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    form = page.get_by_test_id("poll-answer")
    form.get_by_label(grade).check()
    if comment:
        form.get_by_label("Comment (optional, anonymous)").fill(comment)
    form.get_by_role("button", name="Answer anonymously").click()
    expect(page.locator(".messages")).to_contain_text("Your answer is in, and nobody can tell it is yours.")
    expect(page.get_by_test_id("answered")).to_be_visible()
    expect(page.get_by_test_id("poll-answer")).to_have_count(0)


def test_a_secret_poll_shows_its_results_only_after_five_answers_and_never_who_voted(
    live_server, page: Page, lead, rep, teammate, outsider
):
    base = live_server.url
    finance = DepartmentFactory.create(name="Finance", slug="finance")
    quiet_voters = [
        UserFactory.create(username="farah", first_name="Farah", last_name="Quist", team=None, department=finance),
        UserFactory.create(username="bram", first_name="Bram", last_name="Oyelaran", team=None, department=finance),
    ]

    # 1. The lead asks the question in the browser.
    log_in(page, base, lead)
    menu(page, "Happiness").click()
    page.get_by_role("link", name="Secret polls").click()
    page.get_by_role("link", name="New poll").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A new secret poll")
    page.get_by_label("Question").fill(QUESTION)
    page.get_by_role("button", name="Start the poll").click()
    expect(page.locator(".messages")).to_contain_text("Poll created. Answers are anonymous; results show after five.")
    expect(page.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(page.get_by_test_id("answer-count")).to_have_text("0 people have answered.")
    poll = Poll.objects.get()
    assert (poll.question, poll.created_by, poll.everyone) == (QUESTION, lead, True)

    # 2. Two reps answer on the page, each in a browser of their own; two colleagues in Finance answer
    #    through the service (they would click the same buttons).
    answer_the_poll(log_in_elsewhere(page, base, rep), "A: wonderful", "Quick answers and a warm tone.")
    teammate_page = log_in_elsewhere(page, base, teammate)
    answer_the_poll(teammate_page, "B: good")
    # A voter sees their own answer counted, not the results.
    expect(teammate_page.get_by_test_id("results-hidden")).to_have_text(
        "Results are shown once at least 5 people have answered (2 so far)."
    )
    poll_answer(actor=quiet_voters[0], poll=poll, letter="A")
    poll_answer(actor=quiet_voters[1], poll=poll, letter="C", comment="Returns take too long to refund.")

    # 3. Four answers: still nothing to see, for the lead either.
    page.reload()
    expect(page.get_by_test_id("answer-count")).to_have_text("4 people have answered.")
    results = page.get_by_test_id("results")
    expect(page.get_by_test_id("results-hidden")).to_have_text(
        "Results are shown once at least 5 people have answered (4 so far)."
    )
    expect(results.get_by_role("row")).to_have_count(0)
    expect(results).not_to_contain_text("A or B")
    expect(results).not_to_contain_text("Quick answers and a warm tone.")

    # 4. The fifth answer, on the page, opens the results.
    last_voter = log_in_elsewhere(page, base, outsider)
    answer_the_poll(last_voter, "F: awful", "Too many transfers between teams.")
    expect(last_voter.get_by_test_id("results").locator(".big")).to_have_text("60% A or B")
    page.reload()
    expect(page.get_by_test_id("answer-count")).to_have_text("5 people have answered.")
    expect(page.get_by_test_id("results-hidden")).to_have_count(0)
    expect(results.locator(".big")).to_have_text("60% A or B")
    expect(results).to_contain_text("40% C, D or F")
    expect(results.get_by_role("row")).to_have_text(["A 40%", "B 20%", "C 20%", "D 0%", "F 20%"], use_inner_text=True)
    comments = results.locator(".comments li")
    expect(comments).to_have_count(3)
    for comment in ("Quick answers and a warm tone.", "Returns take too long to refund.", "Too many transfers"):
        expect(comments.filter(has_text=comment)).to_have_count(1)

    # 5. Nothing on the results page names a voter: not their names, usernames or email addresses. The
    #    lead's whole page; for the last voter, the page below the menu (which names whoever is signed in).
    voters = [rep, teammate, outsider, *quiet_voters]
    html = page.content()
    for main_text in (page.locator("main").inner_text(), last_voter.locator("main").inner_text()):
        for voter in voters:
            assert voter.display_name not in html
            assert voter.email not in html
            assert re.search(rf"\b{re.escape(voter.username)}\b", main_text) is None
            assert voter.first_name not in main_text
            assert voter.last_name not in main_text

    # 6. The database agrees: five ballots, five voters, and the ballots table has no voter column at all.
    assert PollVoter.objects.filter(poll=poll).count() == 5
    assert set(PollVoter.objects.filter(poll=poll).values_list("user_id", flat=True)) == {v.pk for v in voters}
    assert sorted(PollBallot.objects.filter(poll=poll).values_list("letter", flat=True)) == ["A", "A", "B", "C", "F"]
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, PollBallot._meta.db_table)}
    assert columns == {"id", "poll_id", "letter", "comment"}
    assert not any("user" in column or "voter" in column for column in columns)


# Journey 10: "Heroes and sidekicks" -------------------------------------------------------------

STORY = "Found the wedding shoes stuck in a depot and had them on the bride's doorstep the night before."


def test_a_hero_and_their_sidekick_are_announced_together_on_the_wall_of_fame(
    live_server, page: Page, rep, teammate, lead, outsider, other_team
):
    base = live_server.url
    warehouse = DepartmentFactory.create(name="Warehouse", slug="warehouse")
    sidekick = UserFactory.create(
        username="wanda", first_name="Wanda", last_name="Okoye", team=None, department=warehouse, title="Picker"
    )
    evidence = ConversationFactory.create(team=rep.team, assignee=rep, subject="Wedding shoes lost in transit")
    rival_evidence = ConversationFactory.create(team=other_team, assignee=outsider, subject="Courier to the ward")

    # 1. A colleague nominates the rep, with the conversation as evidence and the picker as sidekick.
    log_in(page, base, teammate)
    page.goto(base + "/recognition/nominations/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nominate a colleague")
    page.get_by_label("Award").select_option(label="Hero")
    page.get_by_label("Who:", exact=True).select_option(label=rep.display_name)
    page.get_by_label("Conversation # (the evidence)").fill(str(evidence.pk))
    page.get_by_label("What did they do?").fill(STORY)
    page.get_by_label("Sidekicks who helped (any department)").select_option(label=sidekick.display_name)
    page.get_by_role("button", name="Nominate").click()
    expect(page.locator(".messages")).to_contain_text("Nomination for Rita Reyes made.")
    nomination = Nomination.objects.get(nominee=rep)
    card = page.locator(f'.nomination[data-nomination="{nomination.pk}"]')
    expect(card).to_contain_text(STORY)
    expect(card.locator(".sidekicks")).to_have_text("Sidekicks: Wanda Okoye")
    expect(card.get_by_role("link", name=f"#{evidence.pk}")).to_be_visible()
    assert (nomination.kind, nomination.conversation, nomination.nominator) == (AwardKind.HERO, evidence, teammate)
    assert list(nomination.sidekicks.all()) == [sidekick]
    # A rival nomination in the same month, with one vote, so the close has a choice to make.
    rival = nomination_create(
        nominator=lead,
        kind=AwardKind.HERO,
        nominee=outsider,
        story="Rebooked a courier for a customer in hospital.",
        conversation=rival_evidence,
        now=nomination.created_at,
    )
    nomination_vote(voter=sidekick, nomination=rival, now=nomination.created_at)

    # 2. Two colleagues vote for her on the nominations page, each in their own browser.
    for voter in (lead, outsider):
        voter_page = log_in_elsewhere(page, base, voter)
        menu(voter_page, "Wall of fame").click()
        voter_page.get_by_role("link", name="This month's nominations").click()
        expect(voter_page.locator(f'.nomination[data-nomination="{nomination.pk}"]')).to_contain_text(STORY)
        voter_page.get_by_role("button", name="Vote for Rita Reyes").click()
        expect(voter_page.get_by_text("Your vote", exact=True)).to_have_count(1)
        expect(voter_page.get_by_role("button", name=re.compile("^Vote for"))).to_have_count(0)
    # The sidekick may not vote for a nomination that names her.
    sidekick_page = log_in_elsewhere(page, base, sidekick)
    sidekick_page.goto(base + "/recognition/nominations/")
    expect(sidekick_page.locator(f'.nomination[data-nomination="{nomination.pk}"]')).to_be_visible()
    expect(sidekick_page.get_by_role("button", name="Vote for Rita Reyes")).to_have_count(0)
    assert nomination.votes.count() == 2

    # 3. The month closes: the scheduled job, run as of five minutes into the next month.
    closes = dt.datetime.combine(next_month(nomination.month), dt.time(0, 5), tzinfo=timezone.get_current_timezone())
    [award] = award_months_close(now=closes)
    assert (award.kind, award.month, award.recipient, award.nomination) == (
        AwardKind.HERO,
        nomination.month,
        rep,
        nomination,
    )
    assert award_months_close(now=closes) == []  # announced once
    assert Award.objects.count() == 1

    # 4. The wall of fame announces the hero with her sidekick, and not the runner-up.
    menu(page, "Wall of fame").click()
    expect(page.get_by_role("heading", level=2)).to_have_text(nomination.month.strftime("%B %Y"))
    heroes = page.locator(".wall-hero")
    expect(heroes).to_have_count(1)
    hero = heroes.first
    expect(hero.get_by_role("heading", level=3)).to_contain_text("Hero")
    expect(hero.get_by_role("link", name="Rita Reyes")).to_be_visible()
    expect(hero.locator(".story")).to_have_text(STORY)
    expect(hero.locator(".sidekicks")).to_have_text("With sidekicks: Wanda Okoye")
    expect(hero).to_contain_text(f"Evidence: #{evidence.pk}")
    expect(page.locator("#wall-results")).not_to_contain_text("Olga Okafor")

    # The sidekick's own recognition page says whom she helped.
    hero.get_by_role("link", name="Wanda Okoye").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recognition for Wanda Okoye")
    expect(page.locator("#person-sidekick")).to_contain_text(
        f"Helped Rita Reyes, Hero of {nomination.month:%B %Y}: Found the wedding shoes"
    )


# Journey 12: "Everyone on the phones" ------------------------------------------------------------


def test_a_finance_hire_spends_four_weeks_on_the_phones_and_the_lead_follows_along(live_server, page: Page, lead, rep):
    base = live_server.url
    finance = DepartmentFactory.create(name="Finance", slug="finance")
    hire = UserFactory.create(
        username="felix", first_name="Felix", last_name="Adeyemi", team=None, department=finance, title="Analyst"
    )
    # The legends every new colleague reads, curated long before Felix arrived.
    reading = reading_list_create(actor=lead, name="Your first weeks", for_new_hires=True)
    legends = [
        Legend.objects.create(
            title=title, state=State.STAFF, author=lead, published_at=timezone.now(), content_digest="x"
        )
        for title in ("The longest call of the year", "Boots for the wedding")
    ]
    for legend in legends:
        reading_list_add(actor=lead, reading_list=reading, legend=legend)

    # 1. The lead starts Felix's four weeks, from today, with Rita as coach.
    log_in(page, base, lead)
    menu(page, "Onboarding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Everyone on the phones")
    page.locator(".page-head").get_by_role("link", name="Start a stint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a stint on the phones")
    today = timezone.localdate()
    page.get_by_label("Who starts on the phones").select_option(label="Felix Adeyemi (Analyst)")
    page.get_by_label("Coach").select_option(label=rep.display_name)
    page.get_by_label("First day on the phones").fill(today.isoformat())
    expect(page.get_by_label("Days on the phones")).to_have_value("28")
    page.get_by_role("button", name="Start", exact=True).click()
    stint = PhoneStint.objects.get(hire=hire)
    expect(page.locator(".messages")).to_contain_text(f"Felix Adeyemi starts on the phones on {stint.starts_on}.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Felix Adeyemi on the phones")
    expect(page.get_by_test_id("stint-status")).to_have_text("On the phones")
    expect(page.get_by_test_id("stint-week")).to_have_text("Week 1 of 4")
    assert (stint.coach, stint.started_by, stint.length_days) == (rep, lead, 28)
    assert (stint.home_department, stint.home_title) == (finance, "Analyst")
    assert stint.starts_on == today

    # His first call on his own (the phone system records it; nobody clicks for that).
    CallFactory.create(
        conversation=ConversationFactory.create(channel=Channel.PHONE, assignee=hire, subject="Invoice in two parts"),
        agent=hire,
        started_at=timezone.now(),
        ended_at=timezone.now() + dt.timedelta(minutes=12),
        duration_seconds=12 * 60,
    )

    # 2. Felix logs in and finds his onboarding: four weeks, and the reading list.
    felix = log_in_elsewhere(page, base, hire)
    expect(felix.get_by_test_id("onboarding-badge")).to_have_text("week 1")
    menu(felix, "Onboarding").click()
    felix.get_by_role("link", name="My onboarding").click()
    expect(felix.get_by_role("heading", level=1)).to_have_text("Your weeks on the phones")
    expect(felix.get_by_test_id("stint-week")).to_have_text("Week 1 of 4")
    weeks = felix.locator(".stint-week")
    expect(weeks).to_have_count(4)
    expect(weeks.first.get_by_role("heading", level=3)).to_contain_text("this week")
    calls = weeks.first.locator(".week-facts > div").filter(has=felix.locator("dt", has_text=re.compile("^Calls$")))
    expect(calls.locator("dd")).to_have_text("1")
    expect(felix.locator("dl.facts")).to_contain_text("Rita Reyes")
    expect(felix.locator("dl.facts")).to_contain_text("Analyst, Finance")
    shelf = felix.locator("#stint-reading")
    expect(shelf.get_by_test_id("reading-progress")).to_have_text("0 of 2 read")
    expect(shelf.get_by_role("link", name="The longest call of the year")).to_be_visible()
    expect(shelf.get_by_role("link", name="Boots for the wedding")).to_be_visible()
    # A hire does not coach himself: no check-in form, no tick buttons.
    expect(felix.get_by_role("button", name="Add check-in")).to_have_count(0)
    expect(felix.get_by_role("button", name="Tick")).to_have_count(0)

    # He opens the first legend from his page, then ticks it off on the reading list.
    shelf.get_by_role("link", name="The longest call of the year").click()
    expect(felix.get_by_role("heading", level=1)).to_contain_text("The longest call of the year")
    felix.go_back()
    felix.get_by_role("link", name="All reading lists").click()
    felix.get_by_role("link", name="Your first weeks").click()
    expect(felix.get_by_test_id("reading-progress")).to_have_text("You have read 0 of 2.")
    felix.locator(".reading-list li").filter(has_text="The longest call of the year").get_by_role(
        "button", name="Mark as read"
    ).click()
    expect(felix.get_by_test_id("reading-progress")).to_have_text("You have read 1 of 2.")
    assert list(LegendRead.objects.filter(user=hire).values_list("legend", flat=True)) == [legends[0].pk]
    menu(felix, "Onboarding").click()
    felix.get_by_role("link", name="My onboarding").click()
    expect(felix.get_by_test_id("reading-progress")).to_have_text("1 of 2 read")

    # 3. The lead sees his progress in the overview and on the stint page, and checks in.
    menu(page, "Onboarding").click()
    row = page.locator(f'.stint-row[data-stint="{stint.pk}"]')
    expect(row).to_contain_text("Felix Adeyemi")
    expect(row).to_contain_text("week 1 of 4")
    expect(row.locator("td").nth(5)).to_have_text("1 of 6")  # milestones: the solo call ticked itself
    expect(row.locator("td").nth(6)).to_have_text("1 of 2")  # reading
    row.get_by_role("link", name="Felix Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Felix Adeyemi on the phones")
    expect(page.get_by_test_id("reading-progress")).to_have_text("1 of 2 read")
    expect(page.get_by_test_id("stint-total")).to_contain_text("1 call")
    expect(page.locator('[data-milestone="solo_call"]')).to_have_class(re.compile(r"\bdone\b"))
    expect(page.locator('[data-milestone="reading_done"]')).not_to_have_class(re.compile(r"\bdone\b"))
    page.get_by_label("How is it going?").fill("Calm on his first call; next week he takes refunds.")
    page.get_by_role("button", name="Add check-in").click()
    first_week = page.locator('.stint-week[data-week="1"]')
    expect(first_week.get_by_test_id("check-in")).to_contain_text("Calm on his first call")
    expect(first_week.get_by_test_id("check-in")).to_contain_text("Lena Lindqvist")

    # Felix reads the coach's note on his own page.
    felix.reload()
    expect(felix.locator('.stint-week[data-week="1"]').get_by_test_id("check-in")).to_contain_text(
        "next week he takes refunds"
    )
