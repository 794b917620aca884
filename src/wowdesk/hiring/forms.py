"""Forms of the hiring pages. They check shape only; the services decide the rest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wowdesk.accounts.models import Department, User
from wowdesk.core.fields import ModelChoiceField, ModelMultipleChoiceField
from wowdesk.hiring.models import MAX_EVIDENCE, Assessment, CandidateSource, Status, Vote
from wowdesk.legends.models import CompanyValue


class StaffChoiceField(ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        department = obj.department.name if obj.department else _("no department")
        return f"{obj.display_name} ({department})"


class CandidateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    role = forms.CharField(label=_("Role applied for"), max_length=200)
    department = ModelChoiceField(label=_("Department"), queryset=Department.objects.order_by("name"))
    source = forms.ChoiceField(label=_("Where they came from"), choices=CandidateSource.choices)


class PanelAddForm(forms.Form):
    user = StaffChoiceField(label=_("Add to the panel"), queryset=User.objects.none())

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            field = self.fields["user"]
            assert isinstance(field, StaffChoiceField)
            field.queryset = people


class ScorecardForm(forms.Form):
    skills = forms.ChoiceField(label=_("Skills for the role"), choices=Assessment.choices, widget=forms.RadioSelect)
    skills_evidence = forms.CharField(
        label=_("What you saw of their skills"), max_length=MAX_EVIDENCE, widget=forms.Textarea(attrs={"rows": 4})
    )
    culture = forms.ChoiceField(label=_("Culture and values fit"), choices=Assessment.choices, widget=forms.RadioSelect)
    culture_evidence = forms.CharField(
        label=_("What you saw of how they treat people"),
        max_length=MAX_EVIDENCE,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stories they told, how they spoke about customers and colleagues; not a feeling."),
    )
    values = ModelMultipleChoiceField(
        label=_("Values they showed"),
        queryset=CompanyValue.objects.filter(is_active=True).order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    vote = forms.ChoiceField(label=_("Your vote"), choices=Vote.choices, widget=forms.RadioSelect)


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=Status.choices)
    user = StaffChoiceField(
        label=_("Their account (when hired, optional)"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if people is not None:
            field = self.fields["user"]
            assert isinstance(field, StaffChoiceField)
            field.queryset = people
