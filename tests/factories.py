"""factory_boy factories for every core model."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from wowdesk.accounts.models import Department, Team, User
from wowdesk.conversations.models import Call, Channel, Conversation, EntryKind, TimelineEntry
from wowdesk.customers.models import Customer, CustomerEmail, CustomerPhone, LifeMoment, RapportNote
from wowdesk.orders.models import Order, OrderItem, ProblemReport

TEST_PASSWORD = "correct-horse-battery-staple"


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")
    department = factory.SubFactory(DepartmentFactory)


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@wowdesk.test")
    role = User.Role.REP
    team = factory.SubFactory(TeamFactory)
    department = factory.LazyAttribute(lambda u: u.team.department if u.team else None)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class CustomerFactory(factory.django.DjangoModelFactory[Customer]):
    class Meta:
        model = Customer

    name = factory.Faker("name")
    city = factory.Faker("city")
    country = "US"


class CustomerEmailFactory(factory.django.DjangoModelFactory[CustomerEmail]):
    class Meta:
        model = CustomerEmail

    customer = factory.SubFactory(CustomerFactory)
    email = factory.Sequence(lambda n: f"customer{n}@example.com")
    is_primary = True


class CustomerPhoneFactory(factory.django.DjangoModelFactory[CustomerPhone]):
    class Meta:
        model = CustomerPhone

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"+1 555 01{n:04d}")


class RapportNoteFactory(factory.django.DjangoModelFactory[RapportNote]):
    class Meta:
        model = RapportNote

    customer = factory.SubFactory(CustomerFactory)
    author = factory.SubFactory(UserFactory)
    body = "Training for her first marathon in the spring."


class LifeMomentFactory(factory.django.DjangoModelFactory[LifeMoment]):
    class Meta:
        model = LifeMoment

    customer = factory.SubFactory(CustomerFactory)
    kind = LifeMoment.Kind.MOVING
    happened_on = factory.LazyFunction(lambda: timezone.localdate())
    recorded_by = factory.SubFactory(UserFactory)


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    class Meta:
        model = Conversation

    customer = factory.SubFactory(CustomerFactory)
    channel = Channel.EMAIL
    subject = factory.Sequence(lambda n: f"Question number {n}")
    team = None
    assignee = None


class TimelineEntryFactory(factory.django.DjangoModelFactory[TimelineEntry]):
    class Meta:
        model = TimelineEntry

    conversation = factory.SubFactory(ConversationFactory)
    kind = EntryKind.INBOUND
    body = "Hello, I have a question about my order."


class CallFactory(factory.django.DjangoModelFactory[Call]):
    class Meta:
        model = Call

    conversation = factory.SubFactory(ConversationFactory, channel=Channel.PHONE)
    agent = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(minutes=5))


class OrderFactory(factory.django.DjangoModelFactory[Order]):
    class Meta:
        model = Order

    customer = factory.SubFactory(CustomerFactory)
    number = factory.Sequence(lambda n: f"WD-{100000 + n}")
    total = Decimal("89.90")


class OrderItemFactory(factory.django.DjangoModelFactory[OrderItem]):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    description = "Trail running shoes, size 39"
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    unit_price = Decimal("89.90")


class ProblemReportFactory(factory.django.DjangoModelFactory[ProblemReport]):
    class Meta:
        model = ProblemReport

    order = factory.SubFactory(OrderFactory)
    conversation = factory.SubFactory(ConversationFactory, customer=factory.SelfAttribute("..order.customer"))
    kind = ProblemReport.Kind.NEVER_ARRIVED
    reported_by = factory.SubFactory(UserFactory)
