from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabeuchi.oneonone import access, exports, services
from kabeuchi.oneonone.drafting import agenda_draft
from kabeuchi.oneonone.forms import AfterForm, AgendaForm, ShareForm, TopicFormSet
from kabeuchi.oneonone.models import Category, Style

BLANK_TOPICS = 2


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _forms(request: HttpRequest, content: dict | None):
    content = content or {}
    if request.method == "POST":
        return AgendaForm(request.POST), TopicFormSet(request.POST, prefix="topic")
    initial = {k: content.get(k) for k in ("meeting_on", "since", "support", "first_words")}
    topics = list(content.get("topics", [])) + [{"category": Category.WORK, "style": Style.THINK}] * BLANK_TOPICS
    return AgendaForm(initial=initial), TopicFormSet(initial=topics, prefix="topic")


def _save(request: HttpRequest, form: AgendaForm, topics, agenda_id=None):
    if not (form.is_valid() and topics.is_valid()):
        return None
    content = {
        **form.cleaned_data,
        "topics": [t.cleaned_data for t in topics.forms if t.cleaned_data.get("text", "").strip()],
    }
    try:
        if agenda_id:
            return services.agenda_update(user=request.user, agenda_id=agenda_id, content=content)
        return services.agenda_create(user=request.user, content=content)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    return None


@login_required
@require_GET
def agenda_list(request: HttpRequest) -> HttpResponse:
    agendas = [(a, services.agenda_items(a.content)) for a in access.agenda_list(user=request.user)]
    return _private(render(request, "oneonone/agenda_list.html", {"agendas": agendas}))


@login_required
@require_http_methods(["GET", "POST"])
def agenda_create(request: HttpRequest) -> HttpResponse:
    drafted = request.method == "GET" and request.GET.get("from") == "conversations"
    draft = agenda_draft(user=request.user) if drafted else None
    form, topics = _forms(request, draft)
    if request.method == "POST":
        agenda = _save(request, form, topics)
        if agenda:
            messages.success(request, _("Your agenda is saved. Only you can read it."))
            return redirect("oneonone:agenda-preview", agenda_id=agenda.pk)
    return _private(
        render(
            request,
            "oneonone/agenda_edit.html",
            {"form": form, "topics": topics, "agenda": None, "drafted": drafted,
             "draft_status": draft["status"] if draft else ""},
            status=400 if request.method == "POST" else 200,
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    form, topics = _forms(request, agenda.content)
    if request.method == "POST" and _save(request, form, topics, agenda_id=agenda.pk):
        messages.success(request, _("Your agenda is saved. Only you can read it."))
        return redirect("oneonone:agenda-preview", agenda_id=agenda.pk)
    return _private(
        render(
            request,
            "oneonone/agenda_edit.html",
            {"form": form, "topics": topics, "agenda": agenda, "drafted": False},
            status=400 if request.method == "POST" else 200,
        )
    )


def _preview(request: HttpRequest, agenda, share_form: ShareForm, chosen=(), status=200) -> HttpResponse:
    from kabeuchi.accounts.models import Membership
    from kabeuchi.accounts.selectors import directory_manager_of

    membership = Membership.objects.filter(user=request.user).select_related("manager__user").first()
    listed = directory_manager_of(user=request.user) if membership else None
    manager = listed.name if listed else membership.manager.user if membership and membership.manager else None
    return _private(
        render(
            request,
            "oneonone/agenda_preview.html",
            {
                "agenda": agenda,
                "items": services.agenda_items(agenda.content),
                "chosen": set(chosen),
                "share_form": share_form,
                "in_organisation": membership is not None,
                "manager": manager,
                "shares": access.share_list(user=request.user, agenda_id=agenda.pk),
                "now": timezone.now(),
            },
            status=status,
        )
    )


@login_required
@require_GET
def agenda_preview(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    return _preview(request, agenda, ShareForm())


@login_required
@require_POST
def share_create(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    form = ShareForm(request.POST)
    chosen = request.POST.getlist("items")
    if form.is_valid():
        try:
            recipient = services.share_recipient(
                user=request.user, to_manager=form.cleaned_data["recipient"] == "manager", email=form.cleaned_data["email"]
            )
            new = services.share_create(
                user=request.user, agenda_id=agenda.pk, item_keys=chosen, recipient=recipient, days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            link = request.build_absolute_uri(reverse("oneonone:shared-view", kwargs={"token": new.token}))
            notice = services.Notice.NOT_REQUESTED
            if form.cleaned_data["notify"]:
                notice = services.share_notice_send(user=request.user, recipient=recipient, link=link)
            return _private(
                render(
                    request, "oneonone/share_created.html",
                    {"agenda": agenda, "share": new.share, "link": link, "notice": notice},
                )
            )
    return _preview(request, agenda, form, chosen=chosen, status=400)


@login_required
@require_POST
def share_revoke(request: HttpRequest, agenda_id, share_id) -> HttpResponse:
    services.share_revoke(user=request.user, agenda_id=agenda_id, share_id=share_id)
    messages.success(request, _("The share is revoked. The link no longer opens."))
    return redirect("oneonone:agenda-preview", agenda_id=agenda_id)


@login_required
@require_POST
def agenda_delete(request: HttpRequest, agenda_id) -> HttpResponse:
    services.agenda_delete(user=request.user, agenda_id=agenda_id)
    messages.success(request, _("Deleted, with every share of it. It cannot be restored."))
    return redirect("oneonone:agenda-list")


@login_required
@require_GET
def agenda_export_markdown(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    response = HttpResponse(exports.agenda_markdown(agenda.content), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="1on1-agenda.md"'
    return _private(response)


@login_required
@require_GET
def agenda_export_pdf(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    response = HttpResponse(exports.agenda_pdf(agenda.content), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="1on1-agenda.pdf"'
    return _private(response)


@login_required
@require_GET
def agenda_print(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    return _private(
        render(request, "oneonone/agenda_print.html", {"agenda": agenda, "items": services.agenda_items(agenda.content)})
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_after(request: HttpRequest, agenda_id) -> HttpResponse:
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    after = agenda.after or {}
    form = AfterForm(
        request.POST or None,
        initial={
            "notes": after.get("notes", ""),
            "actions": "\n".join(a["text"] for a in after.get("actions", [])),
            "clarity": after.get("clarity") or "",
        },
    )
    if request.method == "POST" and form.is_valid():
        old = {a["text"]: a.get("goal", False) for a in after.get("actions", [])}
        actions = [
            {"text": line.strip(), "goal": old.get(line.strip(), False)}
            for line in form.cleaned_data["actions"].splitlines()
            if line.strip()
        ]
        try:
            services.agenda_after_save(
                user=request.user, agenda_id=agenda.pk, notes=form.cleaned_data["notes"], actions=actions,
                clarity=form.cleaned_data["clarity"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Saved. Only you can read these notes."))
            return redirect("oneonone:agenda-after", agenda_id=agenda.pk)
    return _private(
        render(
            request,
            "oneonone/agenda_after.html",
            {"form": form, "agenda": agenda, "actions": list(enumerate(after.get("actions", [])))},
            status=400 if request.method == "POST" else 200,
        )
    )


@login_required
@require_POST
def action_goal(request: HttpRequest, agenda_id, index: int) -> HttpResponse:
    try:
        services.action_to_goal(user=request.user, agenda_id=agenda_id, index=index)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Added to the goals in your notebook."))
    return redirect("oneonone:agenda-after", agenda_id=agenda_id)


# --- for the person something was shared with -------------------------------------------------


@login_required
@require_GET
def shared_list(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "oneonone/shared_list.html", {"entries": access.shared_with_me_list(user=request.user)}))


@login_required
@require_GET
def shared_view(request: HttpRequest, token: str) -> HttpResponse:
    shared = access.access_share(user=request.user, token=token)
    return _private(render(request, "oneonone/shared_view.html", {"shared": shared}))


@login_required
@require_GET
def shared_view_id(request: HttpRequest, share_id) -> HttpResponse:
    shared = access.access_share(user=request.user, share_id=share_id)
    return _private(render(request, "oneonone/shared_view.html", {"shared": shared}))
