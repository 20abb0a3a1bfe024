from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from tenancy.models import Membership, Organisation
from tenancy.roles import Role


class MemberForm(forms.Form):
    username = forms.CharField(
        label=_("Användarnamn"), max_length=150, error_messages={"required": _("Ange ett användarnamn.")}
    )
    email = forms.EmailField(
        label=_("E-post"), required=False, error_messages={"invalid": _("Ange en giltig e-postadress.")}
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("— ingen —")
    )
    password = forms.CharField(
        label=_("Första lösenord"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Krävs för nya användare. Minst 12 tecken; användaren byter det själv."),
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        username = (data.get("username") or "").strip()
        user = get_user_model().objects.filter(username__iexact=username).first()
        if user is None and username:
            if not data.get("password"):
                self.add_error("password", _("Ange ett första lösenord för den nya användaren."))
            else:
                try:
                    validate_password(data["password"], get_user_model()(username=username))
                except forms.ValidationError as e:
                    self.add_error("password", e)
        if (
            user
            and data.get("role")
            and Membership.objects.filter(user=user, municipality=self.municipality, role=data["role"]).exists()
        ):
            self.add_error("role", _("Användaren har redan den rollen i kommunen."))
        data["username"] = username
        return data


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False, empty_label=_("— ingen —")
    )

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=150, error_messages={"required": _("Ange organisationens namn.")}
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=Organisation.Kind.choices)

    def __init__(self, municipality, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.filter(municipality=self.municipality, name__iexact=name).exists():
            raise forms.ValidationError(_("Det finns redan en organisation med det namnet."))
        return name
