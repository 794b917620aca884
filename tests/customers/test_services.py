"""Customer writes: contact details, rapport, and merges that keep all history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.core.snapshot import row_counts
from tests.factories import (
    ConversationFactory,
    CustomerEmailFactory,
    CustomerFactory,
    CustomerPhoneFactory,
    LifeMomentFactory,
    OrderFactory,
    RapportNoteFactory,
    UserFactory,
)
from wowdesk.conversations.models import EventType
from wowdesk.core.errors import NotFound
from wowdesk.customers import services
from wowdesk.customers.models import Customer, CustomerEmail, LifeMoment, SocialHandle
from wowdesk.customers.selectors import customer_find_by_email, customer_get_for_user, customer_list

pytestmark = pytest.mark.django_db


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


class TestCreateAndUpdate:
    def test_creates_customer_with_contact_details_and_first_email_primary(self):
        customer = services.customer_create(
            name="  Ines Ortega ",
            country="es",
            emails=["ines@example.com", "ines.work@example.com"],
            phones=["+34 600 000 000"],
            social_handles=[("instagram", "@ines.runs")],
        )

        assert customer.name == "Ines Ortega"
        assert customer.country == "ES"
        assert [(e.email, e.is_primary) for e in customer.emails.all()] == [
            ("ines@example.com", True),
            ("ines.work@example.com", False),
        ]
        assert [p.number for p in customer.phones.all()] == ["+34 600 000 000"]
        assert [h.handle for h in customer.social_handles.all()] == ["ines.runs"]

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"name": ""}, "name"),
            ({"favourite_colour": "red"}, "favourite_colour"),
            ({"country": "Spain"}, "country"),
            ({"emails": ["not-an-email"]}, "email"),
            ({"emails": ["ok@example.com", "OK@example.com"]}, "email"),
            ({"phones": ["call me"]}, "number"),
            ({"social_handles": [("myspace", "ines")]}, "network"),
        ],
    )
    def test_bad_input_names_the_field_and_leaves_nothing_behind(self, kwargs, field):
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.customer_create(**({"name": "Ines"} | kwargs))

        assert field in _fields(exc)
        assert row_counts() == before

    def test_an_email_belongs_to_one_customer_regardless_of_case(self):
        CustomerEmailFactory.create(email="ines@example.com")
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.customer_create(name="Ines again", emails=["INES@example.com"])

        assert _fields(exc) == {"email"}
        assert row_counts() == before

    def test_a_social_handle_belongs_to_one_customer(self):
        other = CustomerFactory.create()
        services.customer_social_handle_add(customer=other, network=SocialHandle.Network.X, handle="ines")

        with pytest.raises(ValidationError) as exc:
            services.customer_social_handle_add(
                customer=CustomerFactory.create(), network=SocialHandle.Network.X, handle="@INES"
            )

        assert _fields(exc) == {"handle"}

    def test_adding_a_primary_email_demotes_the_old_one(self):
        old = CustomerEmailFactory.create(is_primary=True)

        new = services.customer_email_add(customer=old.customer, email="new@example.com", is_primary=True)

        old.refresh_from_db()
        assert (old.is_primary, new.is_primary) == (False, True)

    def test_update_changes_only_known_fields(self):
        customer = CustomerFactory.create(name="Ines", city="Madrid")

        services.customer_update(customer=customer, preferred_name=" Nes ", country="pt")

        customer.refresh_from_db()
        assert (customer.preferred_name, customer.country, customer.city) == ("Nes", "PT", "Madrid")
        assert customer.greeting_name == "Nes"

    @pytest.mark.parametrize(("kwargs", "field"), [({"name": " "}, "name"), ({"merged_into": None}, "merged_into")])
    def test_bad_update_names_the_field(self, kwargs, field):
        customer = CustomerFactory.create(name="Ines")

        with pytest.raises(ValidationError) as exc:
            services.customer_update(customer=customer, **kwargs)

        assert _fields(exc) == {field}
        customer.refresh_from_db()
        assert customer.name == "Ines"


class TestRapport:
    def test_rapport_note_is_recorded_on_the_conversation_timeline(self, rep):
        conversation = ConversationFactory.create()

        note = services.rapport_note_add(
            actor=rep, customer=conversation.customer, body=" Her dog is called Biscuit ", conversation=conversation
        )

        assert note.body == "Her dog is called Biscuit"
        event = conversation.entries.get(event_type=EventType.RAPPORT_NOTE)
        assert (event.author, event.body) == (rep, "Her dog is called Biscuit")

    def test_empty_rapport_note_is_refused(self, rep):
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.rapport_note_add(actor=rep, customer=CustomerFactory.create(), body="   ")

        assert _fields(exc) == {"body"}
        before["customers.Customer"] += 1
        assert row_counts() == before

    def test_life_moment_summary_goes_to_the_timeline(self, rep):
        conversation = ConversationFactory.create()

        services.life_moment_add(
            actor=rep,
            customer=conversation.customer,
            kind=LifeMoment.Kind.MOVING,
            happened_on=dt.date(2026, 5, 1),
            note="to Lisbon",
            conversation=conversation,
        )

        assert conversation.entries.get(event_type=EventType.LIFE_MOMENT).body == "Moving: to Lisbon"

    def test_unknown_life_moment_kind_names_the_field_and_writes_nothing(self, rep):
        conversation = ConversationFactory.create()
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.life_moment_add(
                actor=rep,
                customer=conversation.customer,
                kind="promotion",
                happened_on=dt.date(2026, 5, 1),
                conversation=conversation,
            )

        assert _fields(exc) == {"kind"}
        assert row_counts() == before


class TestMerge:
    def test_target_keeps_all_of_the_duplicates_history(self, rep):
        source = CustomerFactory.create(name="I. Ortega", city="", region="Madrid")
        target = CustomerFactory.create(name="Ines Ortega", city="Madrid", region="")
        CustomerEmailFactory.create(customer=source, email="old@example.com", is_primary=True)
        CustomerEmailFactory.create(customer=target, email="new@example.com", is_primary=True)
        CustomerPhoneFactory.create(customer=source)
        services.customer_social_handle_add(customer=source, network="x", handle="ines")
        RapportNoteFactory.create(customer=source, author=rep)
        LifeMomentFactory.create(customer=source, recorded_by=rep)
        conversation = ConversationFactory.create(customer=source)
        order = OrderFactory.create(customer=source)

        result = services.customer_merge(actor=rep, source=source, target=target)

        assert result == target
        for related in (
            "emails",
            "phones",
            "social_handles",
            "rapport_notes",
            "life_moments",
            "conversations",
            "orders",
        ):
            assert not getattr(source, related).exists(), related
        assert sorted(target.emails.values_list("email", "is_primary")) == [
            ("new@example.com", True),
            ("old@example.com", False),
        ]
        assert target.phones.count() == target.social_handles.count() == 1
        assert target.rapport_notes.count() == target.life_moments.count() == 1
        assert list(target.conversations.all()) == [conversation]
        assert list(target.orders.all()) == [order]
        target.refresh_from_db()
        assert (target.city, target.region) == ("Madrid", "Madrid")
        assert conversation.entries.get(event_type=EventType.CUSTOMER_MERGED).author == rep

    def test_duplicate_row_stays_and_old_links_resolve_to_the_survivor(self, rep, outsider):
        source, target = CustomerFactory.create(), CustomerFactory.create()

        services.customer_merge(actor=rep, source=source, target=target)

        source.refresh_from_db()
        assert source.merged_into == target
        assert customer_get_for_user(user=outsider, pk=source.pk) == target
        assert source not in customer_list(user=rep)

    def test_customers_merged_into_the_source_earlier_now_point_at_the_target(self, rep):
        earliest, source, target = CustomerFactory.create(), CustomerFactory.create(), CustomerFactory.create()
        services.customer_merge(actor=rep, source=earliest, target=source)

        services.customer_merge(actor=rep, source=source, target=target)

        earliest.refresh_from_db()
        assert earliest.merged_into == target

    @pytest.mark.parametrize(
        ("case", "field"), [("itself", "source"), ("source merged", "source"), ("target merged", "target")]
    )
    def test_invalid_merges_name_the_field_and_write_nothing(self, rep, case, field):
        source, target, other = CustomerFactory.create(), CustomerFactory.create(), CustomerFactory.create()
        ConversationFactory.create(customer=source)
        if case == "itself":
            target = source
        elif case == "source merged":
            services.customer_merge(actor=rep, source=source, target=other)
        else:
            services.customer_merge(actor=rep, source=target, target=other)
        before = row_counts()

        with pytest.raises(ValidationError) as exc:
            services.customer_merge(actor=rep, source=source, target=target)

        assert _fields(exc) == {field}
        assert row_counts() == before


class TestSelectors:
    def test_customers_are_a_directory_shared_by_all_staff(self, rep, outsider, lead):
        customer = CustomerFactory.create()

        for user in (rep, outsider, lead):
            assert customer_get_for_user(user=user, pk=customer.pk) == customer

    def test_deactivated_staff_see_no_customers(self, team):
        former = UserFactory.create(team=team, is_active=False)
        customer = CustomerFactory.create()

        assert not customer_list(user=former).exists()
        with pytest.raises(NotFound):
            customer_get_for_user(user=former, pk=customer.pk)

    def test_find_by_email_ignores_case_and_spaces(self):
        row = CustomerEmailFactory.create(email="Ines@Example.com")

        assert customer_find_by_email(email="  ines@example.COM ") == row.customer
        assert customer_find_by_email(email="nobody@example.com") is None

    def test_customer_list_hides_merged_duplicates(self, rep):
        target = CustomerFactory.create()
        CustomerFactory.create(merged_into=target)

        assert list(customer_list(user=rep)) == [target]
        assert Customer.objects.count() == 2
        assert CustomerEmail.objects.count() == 0
