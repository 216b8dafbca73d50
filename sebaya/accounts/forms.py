from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sebaya.core.timezones import timezone_choices

from .models import ADULT_AGE, User, age_on, today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def clean_birth_date(value: datetime.date) -> datetime.date:
    if value > today():
        raise forms.ValidationError(_("A birth date cannot be in the future."))
    if age_on(value, today()) > 120:
        raise forms.ValidationError(_("Please check the year of birth."))
    return value


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self) -> str:
        p1: str | None = self.cleaned_data.get("password1")
        p2: str = self.cleaned_data.get("password2", "")
        if p1 and p1 != p2:
            raise forms.ValidationError(_("The two passwords differ."))
        password_validation.validate_password(p2)
        return p2


class SignupForm(PasswordPairMixin):
    display_name = forms.CharField(label=_("Display name"), max_length=80, help_text=_("How other members see you."))
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    birth_date = forms.DateField(
        label=_("Birth date"), widget=DateInput(), help_text=_("Members under 18 join with a parent or guardian.")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices, initial="Asia/Jakarta")
    guardian_email = forms.EmailField(
        label=_("Parent or guardian's e-mail"),
        required=False,
        help_text=_("Only if you are under 18: we ask them to confirm your account."),
    )
    field_order = [
        "display_name",
        "email",
        "birth_date",
        "guardian_email",
        "language",
        "timezone",
        "password1",
        "password2",
    ]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists. Log in or reset your password."))
        return email

    def clean_birth_date(self) -> datetime.date:
        return clean_birth_date(self.cleaned_data["birth_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth = data.get("birth_date")
        if birth and age_on(birth, today()) < ADULT_AGE:
            guardian = (data.get("guardian_email") or "").lower()
            if not guardian:
                self.add_error("guardian_email", _("Members under 18 need a parent or guardian's e-mail address."))
            elif guardian == data.get("email"):
                self.add_error("guardian_email", _("The guardian's e-mail must be different from yours."))
        return data


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail or username"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class ProfileForm(forms.ModelForm[User]):
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)

    class Meta:
        model = User
        fields = ["display_name", "language", "timezone"]


class ChildForm(PasswordPairMixin):
    display_name = forms.CharField(label=_("Child's name"), max_length=80)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput())
    username = forms.RegexField(
        label=_("Username"),
        regex=r"^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$",
        error_messages={"invalid": _("Use 3–40 letters, digits, dots, dashes or underscores.")},
        help_text=_("What your child types to log in. No e-mail address is needed."),
    )
    email = forms.EmailField(label=_("Child's e-mail (optional)"), required=False)
    field_order = ["display_name", "birth_date", "username", "email", "password1", "password2"]

    def clean_birth_date(self) -> datetime.date:
        value = clean_birth_date(self.cleaned_data["birth_date"])
        if age_on(value, today()) >= ADULT_AGE:
            raise forms.ValidationError(_("This person is 18 or older and can sign up on their own."))
        return value

    def clean_username(self) -> str:
        name: str = self.cleaned_data["username"].lower()
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This username is taken."))
        return name

    def clean_email(self) -> str:
        email: str = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80, help_text=_("For example: “my calendar script”."))


class ChildPasswordForm(PasswordPairMixin):
    """A guardian sets a new password for their child."""


class CoGuardianForm(forms.Form):
    email = forms.EmailField(
        label=_("The other guardian's e-mail"),
        help_text=_("We send them a link; they confirm with their own account (or create one)."),
    )


class ChildSettingsForm(forms.Form):
    show_full_name = forms.BooleanField(
        label=_("Show my child's full name to members of their communities"),
        required=False,
        help_text=_("Otherwise other members see the first name and initial only. Nobody outside sees more."),
    )
    auto_consent = forms.MultipleChoiceField(
        label=_("Approve sessions at venues suitable for minors automatically in"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Your child's answer is then seated at once. Other sessions, and any that would leave your child "
            "alone with an adult, still wait for you."
        ),
    )

    def __init__(self, *args: Any, communities: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["auto_consent"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(pk), name) for pk, name in communities]
        if not communities:
            del self.fields["auto_consent"]


class ConfirmPasswordForm(forms.Form):
    """Erasing needs the password of whoever asks: a stolen open session is not enough."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        value: str = self.cleaned_data["password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("That password is not right."))
        return value
