"""Sign-in, sign-up, invitations, the privacy screen, settings and "my data"."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.accounts import selectors, services, throttling
from kabeuchi.accounts.forms import (
    AccountDeleteForm,
    KabeuchiPasswordResetForm,
    LoginForm,
    PreferencesForm,
    SignupCompleteForm,
    SignupForm,
    SsoConfirmForm,
    SsoStartForm,
    ThrottledPasswordChangeForm,
    TokenForm,
)
from kabeuchi.accounts.mydata_export import export_zip
from kabeuchi.core import mydata
from kabeuchi.org.selectors import policy_for_user
from kabeuchi.vault.services import VaultError, access_record_list

logger = logging.getLogger(__name__)


def _paused_status(form, status: int) -> int:
    """429 when the form was refused because password checks are paused, else ``status``."""
    return 429 if getattr(form, "paused", None) else status


class PausedFormMixin:
    """A throttled form's refusal: 429 with ``Retry-After`` while its attempts are paused."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = _paused_status(form, response.status_code)
        if form.paused:
            response["Retry-After"] = str(form.paused)
        return response


class MailThrottleMixin:
    """Requests that send a mail count against the mail limits (throttling.mail_request), for
    every address alike; over a limit the form comes back with 429 and ``Retry-After``."""

    def form_valid(self, form):
        paused = throttling.mail_request(request=self.request, address=form.cleaned_data["email"])
        if paused:
            form.add_error(None, throttling.mail_pause_message(paused))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(paused)
            return response
        import time

        started = time.monotonic()
        response = super().form_valid(form)
        _at_the_floor(started)
        return response


class PasswordResetView(MailThrottleMixin, auth_views.PasswordResetView):
    """Django's reset request: every address gets the same redirect to the same page, and one
    mail (KabeuchiPasswordResetForm)."""

    form_class = KabeuchiPasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    email_template_name = "accounts/mail/password_reset_body.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's token check: the link works until the password changes (so once) and for
    PASSWORD_RESET_TIMEOUT seconds.  Other sessions end through the auth hash."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class LoginView(PausedFormMixin, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


# --- single sign-on -------------------------------------------------------------------------------
# The pending sign-ins of this browser live in its session, keyed by ``state``: a callback whose
# state is not there (forged, from another browser, or already used) is refused, and each state
# is removed the moment its callback arrives, so it works once.

SSO_SESSION_KEY = "kabeuchi_sso_pending"
SSO_PENDING_SECONDS = 600
SSO_PENDING_MAX = 5

SSO_FAILURES = {
    # reason: HTTP status (the page, templates/accounts/sso_failed.html, words each reason)
    "unreachable": 503,
    "provider": 400,
    "invalid": 400,
    "state": 400,
    "refused": 403,
    "unavailable": 200,
}


def _sso_failed(request: HttpRequest, reason: str) -> HttpResponse:
    """One polite page per kind of failure.  None of them says anything about any account."""
    response = render(request, "accounts/sso_failed.html", {"reason": reason}, status=SSO_FAILURES[reason])
    response["Cache-Control"] = "no-store"
    return response


def _sso_redirect_uri(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:sso-callback"))


@never_cache
@require_http_methods(["GET", "POST"])
def sso_start(request: HttpRequest) -> HttpResponse:
    """Sign in with the company account: ask for the work address, then go to the provider of
    the organisation that covers its domain.  An address whose domain no organisation covers
    gets the same page whoever it belongs to: the answer depends on the domain only."""
    import time

    from kabeuchi.accounts import sso as protocol

    if request.user.is_authenticated:
        return redirect("core:home")
    form = SsoStartForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "accounts/sso_start.html", {"form": form}, status=400 if request.method == "POST" else 200)
    email = form.cleaned_data["email"]
    config = services.sso_for_email(email=email)
    if config is None:
        return _sso_failed(request, "unavailable")
    try:
        url, pending = protocol.authorization_start(
            provider=services.sso_provider(sso=config), redirect_uri=_sso_redirect_uri(request), login_hint=email
        )
    except protocol.SsoFailed as failure:
        logger.warning("Single sign-on could not start for an organisation: %s", failure.reason)
        return _sso_failed(request, failure.reason)
    except VaultError:  # the sealed secret does not open (its key is gone): as if unreachable
        logger.error("Single sign-on: the organisation's client secret does not open.")
        return _sso_failed(request, "unreachable")
    now = int(time.time())
    waiting = {
        state: data
        for state, data in request.session.get(SSO_SESSION_KEY, {}).items()
        if now - data.get("at", 0) < SSO_PENDING_SECONDS
    }
    waiting = dict(sorted(waiting.items(), key=lambda item: item[1]["at"])[-(SSO_PENDING_MAX - 1):])
    waiting[pending["state"]] = {**pending, "sso": str(config.pk), "at": now}
    request.session[SSO_SESSION_KEY] = waiting
    # Not a redirect: after a form submission the browser holds every redirect to the page's
    # CSP ``form-action 'self'``, so a 302 to the provider would be blocked.  A page that goes on
    # by itself (meta refresh, no script) with a link to click, leaves by ordinary navigation.
    response = render(request, "accounts/sso_continue.html", {"url": url})
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET"])
def sso_callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: check everything (kabeuchi.accounts.sso), then sign in, creating
    the account the first time only."""
    import time

    from kabeuchi.accounts import sso as protocol
    from kabeuchi.accounts.models import SingleSignOn

    pending = None
    if SSO_SESSION_KEY in request.session:  # (a made-up callback writes no session)
        waiting = dict(request.session[SSO_SESSION_KEY])
        pending = waiting.pop(str(request.GET.get("state", "")), None)
        request.session[SSO_SESSION_KEY] = waiting  # the state is spent, whatever happens next
    if pending is None or int(time.time()) - pending.get("at", 0) >= SSO_PENDING_SECONDS:
        if request.GET.get("error"):
            return _sso_failed(request, "provider")
        return _sso_failed(request, "state")
    config = SingleSignOn.objects.select_related("organisation").filter(pk=pending["sso"], enabled=True).first()
    if config is None:
        return _sso_failed(request, "unavailable")
    try:
        verified = protocol.authorization_finish(
            provider=services.sso_provider(sso=config),
            redirect_uri=_sso_redirect_uri(request),
            pending=pending,
            params=request.GET.dict(),
        )
        user = services.sso_sign_in(
            sso=config,
            subject=verified.subject,
            email=verified.email,
            language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("ja", "en") else "ja",
        )
    except protocol.SsoFailed as failure:
        logger.warning("Single sign-on failed: %s", failure)
        return _sso_failed(request, failure.reason)
    except services.SsoRefused:
        return _sso_failed(request, "refused")
    except services.SsoNeedsPassword as needed:
        request.session[SSO_CONFIRM_KEY] = {
            "sso": str(config.pk), "subject_hash": needed.subject_hash, "email": needed.email, "at": int(time.time()),
        }
        return redirect("accounts:sso-confirm")
    except VaultError:  # the sealed secret does not open (its key is gone): as if unreachable
        logger.error("Single sign-on: the organisation's client secret does not open.")
        return _sso_failed(request, "unreachable")
    request.session.pop(SSO_SESSION_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if not services.preferences_get(user=user).guideline_read:
        return redirect("accounts:welcome")
    return redirect("core:home")


SSO_CONFIRM_KEY = "kabeuchi_sso_confirm"


@never_cache
@require_http_methods(["GET", "POST"])
def sso_confirm(request: HttpRequest) -> HttpResponse:
    """The first company sign-in to an account that has a password: the owner types the password
    once, and only then is the company sign-in linked (``services.SsoNeedsPassword``).  The
    password is checked by ``authenticate`` (django-axes counts failures as for the sign-in form)."""
    import time

    from django.contrib.auth import authenticate

    from kabeuchi.accounts.models import SingleSignOn

    pending = request.session.get(SSO_CONFIRM_KEY)
    if not pending or int(time.time()) - pending.get("at", 0) >= SSO_PENDING_SECONDS:
        request.session.pop(SSO_CONFIRM_KEY, None)
        return _sso_failed(request, "state")
    form = SsoConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=pending["email"], password=form.cleaned_data["password"])
        if user is not None:
            config = SingleSignOn.objects.select_related("organisation").filter(pk=pending["sso"], enabled=True).first()
            if config is None:
                return _sso_failed(request, "unavailable")
            try:
                user = services.sso_sign_in(
                    sso=config, subject_hash=pending["subject_hash"], email=pending["email"], password_proven=True
                )
            except (services.SsoRefused, services.SsoNeedsPassword):
                return _sso_failed(request, "refused")
            request.session.pop(SSO_CONFIRM_KEY, None)
            request.session.pop(SSO_SESSION_KEY, None)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your company sign-in is now linked to your account."))
            return redirect("core:home")
        form.add_error("password", _("That password is not right. Please try again."))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/sso_confirm.html", {"form": form, "email": pending["email"]}, status=status)


def login_locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes calls this after too many failed sign-ins for one address from one place."""
    form = LoginForm(request, data=request.POST or None)
    form.is_valid()  # keep the typed address in the form
    form.errors.clear()
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_out": True},
        status=429,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("core:home")


def _at_the_floor(started: float) -> None:
    """Wait until KABEUCHI_MAIL_RESPONSE_FLOOR_MS have passed since ``started``: a request that
    sends a mail answers after the same time whichever mail it was (a few hundred microseconds
    of difference in rendering would otherwise be measurable over many tries)."""
    import time

    from django.conf import settings

    left = settings.KABEUCHI_MAIL_RESPONSE_FLOOR_MS / 1000 - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)


def _build_url(request: HttpRequest):
    def build(name: str, **kwargs) -> str:
        return request.build_absolute_uri(reverse(name, kwargs=kwargs or None))

    return build


def _signup(request: HttpRequest, *, invitation_token: str | None) -> HttpResponse:
    """Step 1 of sign-up: the address only.  Every valid address gets the same page (status,
    template, headers), after the same work: one lookup and one mail (services.signup_request).
    Whether the address has an account is told only in the mail, to the address's owner."""
    from django.conf import settings

    invitation = None
    if invitation_token:
        try:
            invitation = services.invitation_check(token=invitation_token)
        except services.InvitationInvalid:
            return render(request, "accounts/invitation_invalid.html", status=404)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        paused = throttling.mail_request(request=request, address=form.cleaned_data["email"])
        if paused:
            form.add_error(None, throttling.mail_pause_message(paused))
            response = render(request, "accounts/signup.html", {"form": form, "invitation": invitation}, status=429)
            response["Retry-After"] = str(paused)
            return response
        import time

        started = time.monotonic()
        services.signup_request(
            email=form.cleaned_data["email"], invitation_token=invitation_token or "", build_url=_build_url(request)
        )
        _at_the_floor(started)
        return render(
            request, "accounts/signup_sent.html", {"signup_link_hours": settings.KABEUCHI_SIGNUP_LINK_SECONDS // 3600}
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/signup.html", {"form": form, "invitation": invitation}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def signup_complete(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2, from the link in the mail: name and password, then the account exists (and joins
    the organisation, for an invitation).  A forged, expired or used link gets one polite page."""
    from django.conf import settings

    if request.user.is_authenticated:
        return redirect("core:home")
    try:
        link = services.signup_link_open(token=token)
        if not link.invitation_token and not settings.KABEUCHI_OPEN_SIGNUP:
            raise services.SignupLinkInvalid
        invitation = services.invitation_check(token=link.invitation_token) if link.invitation_token else None
    except services.SignupLinkUsed as used:
        # the same page as any refused link; an invitation it carried is kept for after sign-in
        join = reverse("accounts:invitation-join", kwargs={"token": used.invitation_token}) if used.invitation_token else ""
        return render(request, "accounts/signup_link_invalid.html", {"join_url": join}, status=404)
    except services.SignupLinkInvalid:
        return render(request, "accounts/signup_link_invalid.html", status=404)
    except services.InvitationInvalid:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SignupCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = services.user_create(
                    email=link.email,
                    password=form.cleaned_data["password1"],
                    display_name=form.cleaned_data["display_name"],
                    language=request.LANGUAGE_CODE if request.LANGUAGE_CODE in ("ja", "en") else "ja",
                )
                if link.invitation_token:
                    services.invitation_accept(token=link.invitation_token, user=user)
        except services.InvitationInvalid:
            return render(request, "accounts/invitation_invalid.html", status=404)
        except IntegrityError:  # the same link, completed twice at once
            return render(request, "accounts/signup_link_invalid.html", status=404)
        except ValidationError as error:
            if getattr(error, "code", "") == "email_taken":
                return render(request, "accounts/signup_link_invalid.html", status=404)
            for message in error.messages:
                form.add_error("password1", message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:welcome")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/signup_complete.html", {"form": form, "invitation": invitation, "email": link.email}, status=status
    )


@never_cache
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    from django.conf import settings

    if not settings.KABEUCHI_OPEN_SIGNUP:
        raise Http404
    if request.user.is_authenticated:
        return redirect("core:home")
    return _signup(request, invitation_token=None)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link.  Signed in: confirm and join.  Not signed in: create an account."""
    if not request.user.is_authenticated:
        return _signup(request, invitation_token=token)
    try:
        invitation = services.invitation_check(token=token)
    except services.InvitationInvalid:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.method == "POST":
        try:
            services.invitation_accept(token=token, user=request.user)
        except services.InvitationInvalid:
            return render(request, "accounts/invitation_invalid.html", status=404)
        except ValidationError as error:
            return render(
                request, "accounts/invitation_join.html", {"invitation": invitation, "error": error.messages[0]}, status=409
            )
        messages.success(request, _("You have joined %(name)s.") % {"name": invitation.organisation.name})
        return redirect("core:home")
    return render(request, "accounts/invitation_join.html", {"invitation": invitation})


def _preferences_form(request: HttpRequest, data=None) -> PreferencesForm:
    prefs = services.preferences_get(user=request.user)
    choices = services.retention_choices(user=request.user)
    initial = prefs.default_retention_days if prefs.default_retention_days in choices else 0
    return PreferencesForm(data, retention_choices=choices, initial={"default_retention_days": initial})


@login_required
@require_http_methods(["GET", "POST"])
def welcome(request: HttpRequest) -> HttpResponse:
    """Before first use: who can see what, in plain words, and the default for saving."""
    form = _preferences_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=request.user, default_retention_days=form.cleaned_data["default_retention_days"], guideline_read=True
        )
        return redirect("core:home")
    return render(
        request,
        "accounts/welcome.html",
        {"form": form, "policy": policy_for_user(user=request.user), "membership": selectors.membership_of(user=request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    form = _preferences_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(user=request.user, default_retention_days=form.cleaned_data["default_retention_days"])
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "membership": selectors.membership_of(user=request.user)},
        status=400 if request.method == "POST" else 200,
    )


class PasswordChangeView(PausedFormMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_success_url(self) -> str:
        messages.success(self.request, _("Your password has been changed."))
        return reverse("accounts:settings")


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            new_secret = services.access_token_create(user=request.user, name=form.cleaned_data["name"]).secret
        except ValidationError as error:
            form.add_error("name", error.messages[0])
        else:
            form = TokenForm()
    response = render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": selectors.access_token_list(user=request.user), "new_secret": new_secret},
        status=400 if request.method == "POST" and not new_secret else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id) -> HttpResponse:
    services.access_token_revoke(user=request.user, token_id=token_id)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:token-list")


@login_required
def mydata_view(request: HttpRequest) -> HttpResponse:
    # (source, items, deletable): the template must not test ``source.delete_item`` itself, because
    # Django templates call a callable they are given, and a failing call reads as "no".
    kinds = [
        (source, list(source.list_items(request.user)), source.delete_item is not None) for source in mydata.sources()
    ]
    response = render(request, "accounts/mydata.html", {"kinds": kinds})
    response["Cache-Control"] = "no-store"
    return response


@login_required
def mydata_export(request: HttpRequest) -> HttpResponse:
    payload = export_zip(user=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(payload, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="kabeuchi-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def mydata_item_delete(request: HttpRequest, kind: str, item_id) -> HttpResponse:
    """GET: what goes, in full, before anything is deleted.  POST: delete that one item for good."""
    source = mydata.source(kind)
    if source is None or source.delete_item is None:
        raise Http404
    if request.method == "GET":
        item = next((i for i in source.list_items(request.user) if i.id == str(item_id)), None)
        if item is None:
            raise Http404  # missing and not yours alike
        response = render(
            request,
            "accounts/mydata_item_delete.html",
            {"source": source, "item": item, "what_goes": source.to_markdown(item)},
        )
        response["Cache-Control"] = "no-store"
        return response
    source.delete_item(user=request.user, item_id=item_id)
    messages.success(request, _("Deleted. It cannot be restored."))
    next_url = request.POST.get("next", "")
    return redirect(next_url if next_url.startswith("/") and not next_url.startswith("//") else "accounts:mydata")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.account_delete(user=user)
        return render(request, "accounts/account_deleted.html")
    return render(
        request,
        "accounts/account_delete.html",
        {"form": form, "preview": services.account_deletion_preview(user=request.user)},
        status=_paused_status(form, 400) if request.method == "POST" else 200,
    )


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/access_log.html", {"records": access_record_list(owner_id=request.user.pk)})



@login_required
@require_http_methods(["GET", "POST"])
def left_notice(request: HttpRequest) -> HttpResponse:
    """Shown once after someone's membership ended (their organisation's directory no longer
    lists them): what changed, that everything they wrote is still theirs, and where to take
    it with them or delete it.  Reading it is not recorded anywhere but in clearing the flag."""
    if request.method == "POST":
        services.leaver_notice_dismiss(user=request.user)
        return redirect("core:home")
    return render(request, "accounts/left_notice.html", {"membership": selectors.membership_of(user=request.user)})
