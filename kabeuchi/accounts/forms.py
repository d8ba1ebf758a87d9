import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from kabeuchi.accounts import throttling


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("The e-mail address or password is not right. Please check them and try again."),
        "inactive": _("This account is not active."),
    }
    paused: int | None = None  # seconds, when password checks are paused (the view answers 429)

    def clean(self):
        account = self.cleaned_data.get("username") or ""
        if self.cleaned_data.get("password"):
            self.paused = throttling.password_checks_paused(request=self.request, account=account)
            if self.paused:
                raise forms.ValidationError(throttling.pause_message(self.paused), code="paused")
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                throttling.password_check_failed(request=self.request, account=account)
            raise


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change form, with the current password checked behind the limits."""

    paused: int | None = None

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            right = throttling.check_password(request=self.request, user=self.user, password=old_password)
        except throttling.PasswordChecksPaused as paused:
            self.paused = paused.retry_after
            raise forms.ValidationError(throttling.pause_message(paused.retry_after), code="paused") from None
        if not right:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class SignupForm(forms.Form):
    """Step 1: only the address.  Every address gets the same answer; the mail tells the rest."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class SignupCompleteForm(forms.Form):
    """Step 2, reached from the link in the mail: a name and a password."""

    display_name = forms.CharField(
        label=_("Name (as you would like to be called)"), max_length=80, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not too common, and not all numbers."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("The two passwords are different. Please type the same one twice."))
        return data


class KabeuchiPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the same mail for every address.  An address with an account
    that can use a password gets Django's link; any other address (no account, or one that signs
    in with single sign-on) gets the same mail with a link of the same shape that no account
    accepts (``get_users``), opening Django's "this link cannot be used" page.  So neither the
    page, its timing, nor the mail (subject, body, size, link shape) tells whether the address
    has an account (docs/privacy.md, P37).  Django itself sends nothing for an unknown address,
    which answers faster and shows in the mailbox."""

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )

    def get_users(self, email):
        """Django's accounts that can reset a password; for any other address one account that
        is never saved (a random uuid4 like every account id, no usable password), so Django's
        own ``save`` sends the very same mail with a link that no account accepts."""
        found = False
        for user in super().get_users(email):
            found = True
            yield user
        if not found:
            nobody = get_user_model()(id=uuid.uuid4(), email=email)
            nobody.set_unusable_password()
            yield nobody


def retention_label(days: int) -> str:
    from django.utils.translation import gettext, ngettext

    if days == 0:
        return gettext("Do not save (the conversation disappears when you leave it)")
    return ngettext("Keep for %(days)d day", "Keep for %(days)d days", days) % {"days": days}


class PreferencesForm(forms.Form):
    default_retention_days = forms.TypedChoiceField(
        label=_("Saving conversations, by default"), coerce=int, widget=forms.RadioSelect, choices=()
    )

    def __init__(self, *args, retention_choices: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_retention_days"].choices = [(d, retention_label(d)) for d in retention_choices]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=80)


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    understood = forms.BooleanField(
        label=_("I understand that this deletes my account and everything I wrote, and that it cannot be undone."),
    )

    paused: int | None = None

    def __init__(self, *args, user, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)
        if not user.has_usable_password():
            # Someone who signs in with their company account has no Kabeuchi password to type;
            # the fresh sign-in and the checkbox confirm it is them and that they mean it.
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data["password"]
        try:
            right = throttling.check_password(request=self.request, user=self.user, password=password)
        except throttling.PasswordChecksPaused as paused:
            self.paused = paused.retry_after
            raise forms.ValidationError(throttling.pause_message(paused.retry_after), code="paused") from None
        if not right:
            raise forms.ValidationError(_("That password is not right."))
        return password


class SsoConfirmForm(forms.Form):
    """The Kabeuchi password, once, before company sign-in is linked to an existing account."""

    password = forms.CharField(
        label=_("Your Kabeuchi password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class SsoStartForm(forms.Form):
    """Sign in with the company account: the work address decides which provider."""

    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
