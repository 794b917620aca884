import pytest

from wowdesk.happiness.services.rollups import rollups_expected, rollups_stored

pytestmark = pytest.mark.django_db


def test_grade_then_regrade_keeps_rollups(surveyed, lead):
    surveyed.grade("D", "Too slow")
    surveyed.grade("B", "They called back")
    assert rollups_stored() == rollups_expected()
