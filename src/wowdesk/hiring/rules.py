"""The panel rules of decision 0013, as plain functions over what is already loaded.

Kept apart from the services so the candidate page and the API can say
why an offer cannot be made yet, with the very words the service refuses with.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wowdesk.accounts.models import User
from wowdesk.hiring.models import PanelMember, Scorecard


def is_service_person(user: User) -> bool:
    """In a customer-service department now. Precondition: ``user.department`` is loaded or cheap to load."""
    return user.is_active and user.department is not None and user.department.is_customer_service


def panel_has_service(panel: Sequence[PanelMember]) -> bool:
    return any(is_service_person(member.user) for member in panel)


NO_SERVICE = gettext_lazy("The panel needs at least one person from customer service.")


def interview_blockers(panel: Sequence[PanelMember]) -> list[str]:
    """Why interviews cannot be recorded yet (empty: they can)."""
    return [] if panel_has_service(panel) else [str(NO_SERVICE)]


def offer_blockers(panel: Sequence[PanelMember], scorecards: Sequence[Scorecard]) -> list[str]:
    """Why no offer can be made yet (empty: it can). See decision 0013.

    1. Someone from customer service sits on the panel.
    2. Every panelist has submitted a scorecard: an offer hears the whole panel.
    3. At least one scorecard comes from customer service, and every
       customer-service scorecard rates the culture and values fit yes or
       strong yes. One service "no" on culture is enough to stop an offer;
       skills and the votes inform the decision but do not block it.
    """
    reasons = interview_blockers(panel)
    written = {card.author_id for card in scorecards}
    missing = [member.user.display_name for member in panel if member.user_id not in written]
    if missing:
        reasons.append(_("Waiting for the scorecards of: %(names)s.") % {"names": ", ".join(missing)})
    service_cards = [card for card in scorecards if card.service]
    if not service_cards:
        reasons.append(_("No one from customer service has assessed the culture fit yet."))
    doubting = [card.author.display_name for card in service_cards if not card.culture_positive]
    if doubting:
        reasons.append(
            _("Customer service did not see a culture fit (%(names)s); culture is not traded for skills.")
            % {"names": ", ".join(doubting)}
        )
    return reasons
