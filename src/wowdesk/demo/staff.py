"""Demo staff: three customer-service teams and two other departments.

Everyone logs in with the demo password; the hash is computed once and
shared, because hashing is deliberately slow.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from wowdesk.accounts.models import Department, Team, User
from wowdesk.demo import words
from wowdesk.demo.context import DEMO_USERNAME, SeedContext
from wowdesk.demo.text import ascii_slug

SERVICE_DEPARTMENT = "Customer Loyalty"
TEAMS = ("Lighthouse", "Harbor", "Evergreen")

# (username, first name, last name, role, team name or department name, job title)
PEOPLE = (
    (DEMO_USERNAME, "Dana", "Whitlock", "lead", "Lighthouse", "Team lead"),
    ("marisa", "Marisa", "Okafor", "rep", "Lighthouse", "Customer loyalty rep"),
    ("theo", "Theo", "Lindqvist", "rep", "Lighthouse", "Customer loyalty rep"),
    ("pilar", "Pilar", "Echeverría", "rep", "Lighthouse", "Customer loyalty rep"),
    ("jun", "Jun", "Watanabe", "rep", "Lighthouse", "Customer loyalty rep"),
    ("gus", "Gus", "Abernethy", "lead", "Harbor", "Team lead"),
    ("keisha", "Keisha", "Morrow", "rep", "Harbor", "Customer loyalty rep"),
    ("rafa", "Rafael", "Mendonça", "rep", "Harbor", "Customer loyalty rep"),
    ("sunniva", "Sunniva", "Berg", "rep", "Harbor", "Customer loyalty rep"),
    ("omar", "Omar", "Haddad", "rep", "Harbor", "Customer loyalty rep"),
    ("ines", "Inés", "Carvalho", "lead", "Evergreen", "Team lead"),
    ("dev", "Devika", "Raman", "rep", "Evergreen", "Customer loyalty rep"),
    ("callum", "Callum", "Reid", "rep", "Evergreen", "Customer loyalty rep"),
    ("noa", "Noa", "Friedman", "rep", "Evergreen", "Customer loyalty rep"),
    ("bex", "Rebecca", "Osei", "rep", "Evergreen", "Customer loyalty rep"),
    ("ops", "Wren", "Castellano", "admin", "Lighthouse", "Support operations"),
    ("felix", "Felix", "Adeyemi", "rep", "Finance", "Financial analyst (new hire, on the phones)"),
    ("ruth", "Ruth", "Nakagawa", "lead", "Finance", "Finance manager"),
    ("nadia", "Nadia", "Petrakis", "lead", "Finance", "Chief financial officer"),
    ("lottie", "Charlotte", "Ibsen", "rep", "Kids' Shoes", "Children's footwear buyer"),
    ("ben", "Benji", "Ferreira", "rep", "Kids' Shoes", "Kids' shoes merchandiser"),
)
OTHER_DEPARTMENTS = ("Finance", "Kids' Shoes")


# A big history needs more hands: one more rep per this many conversations, beyond the named cast.
CONVERSATIONS_PER_EXTRA_REP = 10_000


def _extra_reps(ctx: SeedContext) -> list[tuple[str, str, str, str, str, str]]:
    """Generated reps, spread over the teams, so staff grow with the data set (benchmarks at a million)."""
    named = sum(1 for person in PEOPLE if person[3] == "rep" and person[4] in TEAMS)
    count = max(0, ctx.options.conversations // CONVERSATIONS_PER_EXTRA_REP - named)
    rng = ctx.rng_for("staff")
    people = []
    for index in range(count):
        first, last = rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES)
        username = f"{ascii_slug(first)}.{ascii_slug(last)}.{index + 1}"
        people.append((username, first, last, "rep", TEAMS[index % len(TEAMS)], "Customer loyalty rep"))
    return people


@transaction.atomic
def seed_staff(ctx: SeedContext) -> None:
    cast = PEOPLE + tuple(_extra_reps(ctx))
    progress = ctx.progress("staff", len(cast))
    service = Department.objects.create(
        name=SERVICE_DEPARTMENT, slug=slugify(SERVICE_DEPARTMENT), is_customer_service=True
    )
    departments = {SERVICE_DEPARTMENT: service}
    for name in OTHER_DEPARTMENTS:
        departments[name] = Department.objects.create(name=name, slug=slugify(name))
    teams = {name: Team(name=name, slug=slugify(name), department=service) for name in TEAMS}
    Team.objects.bulk_create(teams.values())
    ctx.staff.teams = list(teams.values())

    users = []
    for username, first, last, role, unit, title in cast:
        team = teams.get(unit)
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@wowdesk.example",
                role=role,
                team=team,
                # Outside customer service there is no team, only a department.
                department=service if team else departments[unit],
                title=title,
                password=ctx.password_hash,
                is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN,
                date_joined=ctx.now,
            )
        )
    User.objects.bulk_create(users)
    progress.advance(len(users))
    for user in users:
        ctx.staff.by_username[user.username] = user
        if user.team is None or user.role == User.Role.ADMIN:
            continue
        ctx.staff.members.setdefault(user.team.pk, []).append(user)
        if user.role == User.Role.LEAD:
            ctx.staff.leads[user.team.pk] = user
    progress.finish()
