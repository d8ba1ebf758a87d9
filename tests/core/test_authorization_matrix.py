"""Every URL and API operation, for every role.

The test walks the URL resolver (pages and the JSON API alike) and fails when a URL name has no
expectation here: a new endpoint cannot land without saying who may use it.  For private
items, the expectations for other roles come from the access table in kabeuchi.core.policy,
the same table the data guideline page shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kabeuchi.accounts import services as account_services
from kabeuchi.core import mydata
from kabeuchi.core.policy import Access
from kabeuchi.notebook.models import Note

ROLES = ("anon", "aiko", "bunta", "chika", "eita", "daichi", "operator")
# Which column of the policy table each member of the cast stands for, towards aiko's data.
POLICY_ROLE = {"bunta": "manager", "chika": "people", "eita": "admin", "operator": "operator", "daichi": "other"}
CANARY = "CANARY-aiko-本音-7f3e"


@dataclass
class Fixture:
    note_id: str = ""
    token_id: str = ""
    invitation_id: str = ""
    conversation_id: str = ""
    unsaved_state: dict = field(default_factory=dict)
    other: dict = field(default_factory=dict)


def walk(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{entry.namespace}:" if entry.namespace else prefix
            names += walk(entry, ns if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            names.append((prefix + entry.name, str(entry.pattern)))
    return names


def all_url_names() -> set[str]:
    return {name for name, _ in walk(get_resolver())}


def private(kind: str, ok: int, *, anon: int) -> dict[str, int]:
    """Expectations for an item of aiko's of this data kind: derived from the policy table."""
    source = mydata.source(kind)
    expected = {"anon": anon, "aiko": ok}
    for name, role in POLICY_ROLE.items():
        access = source.access.get(role, Access.NONE)
        expected[name] = ok if access == Access.FULL else 404
    return expected


def everyone(status: int, *, anon: int | None = None) -> dict[str, int]:
    return {role: (anon if role == "anon" and anon is not None else status) for role in ROLES}


def admin_only(ok: int, *, anon: int) -> dict[str, int]:
    return {role: (ok if role == "eita" else anon if role == "anon" else 404) for role in ROLES}


@dataclass
class Case:
    method: str
    kwargs: Callable[[Fixture], dict]
    expect: dict[str, int]
    body: Callable[[Fixture], dict] | None = None
    json: bool = False


NO_KW = lambda f: {}  # noqa: E731
NOTE = lambda f: {"note_id": f.note_id}  # noqa: E731
TALK = lambda f: {"conversation_id": f.conversation_id}  # noqa: E731
LOGIN = 302  # pages redirect to sign-in
UNAUTH = 401  # the API answers 401

EXPECTATIONS: dict[str, Case] = {
    # --- pages ---
    "core:home": Case("get", NO_KW, everyone(200)),
    "core:language-set": Case("post", NO_KW, everyone(302), body=lambda f: {"language": "en"}),
    "accounts:login": Case("get", NO_KW, everyone(302, anon=200)),
    "accounts:logout": Case("post", NO_KW, everyone(302)),
    "accounts:signup": Case("get", NO_KW, everyone(302, anon=200)),
    "accounts:password-change": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:invitation-join": Case("get", lambda f: {"token": "not-a-real-token"}, everyone(404)),
    "accounts:welcome": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:settings": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:token-list": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:token-revoke": Case(
        "post", lambda f: {"token_id": f.token_id}, {**{r: 404 for r in ROLES}, "anon": LOGIN, "aiko": 302}
    ),
    "accounts:mydata": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:mydata-export": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:mydata-item-delete": Case(
        "post", lambda f: {"kind": "notes", "item_id": f.note_id}, private("notes", 302, anon=LOGIN)
    ),
    "accounts:account-delete": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "accounts:access-log": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "notebook:note-list": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "notebook:note-edit": Case("get", NOTE, private("notes", 200, anon=LOGIN)),
    "notebook:note-delete": Case("post", NOTE, private("notes", 302, anon=LOGIN)),
    "org:guideline": Case(
        "get", NO_KW, {"anon": 200, "aiko": 302, "bunta": 302, "chika": 302, "eita": 302, "daichi": 302, "operator": 200}
    ),
    "org:guideline-org": Case("get", lambda f: {"slug": "sakura"}, everyone(200)),
    "org:policy-edit": Case("get", NO_KW, admin_only(200, anon=LOGIN)),
    "org:invitation-list": Case("get", NO_KW, admin_only(200, anon=LOGIN)),
    "org:invitation-revoke": Case("post", lambda f: {"invitation_id": f.invitation_id}, admin_only(302, anon=LOGIN)),
    "coach:talk-list": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "coach:talk-start": Case("post", NO_KW, everyone(302, anon=LOGIN), body=lambda f: {"theme": "free", "retention_days": 0}),
    "coach:talk-unsaved": Case("get", NO_KW, everyone(200, anon=LOGIN)),
    "coach:talk-unsaved-message": Case(
        "post", NO_KW, everyone(200, anon=LOGIN), body=lambda f: {"message": "hello", "state": f.unsaved_state}, json=True
    ),
    "coach:talk-unsaved-summary": Case(
        "post", NO_KW, everyone(200, anon=LOGIN), body=lambda f: {"state": json.dumps(f.unsaved_state)}
    ),
    "coach:talk-unsaved-summary-keep": Case("post", NO_KW, everyone(302, anon=LOGIN), body=lambda f: {"noticed": "x"}),
    "coach:talk-detail": Case("get", TALK, private("conversations", 200, anon=LOGIN)),
    "coach:talk-message": Case("post", TALK, private("conversations", 200, anon=LOGIN), body=lambda f: {"message": "hi"}, json=True),
    "coach:talk-retention": Case("post", TALK, private("conversations", 302, anon=LOGIN), body=lambda f: {"retention_days": 90}),
    "coach:talk-delete": Case("post", TALK, private("conversations", 302, anon=LOGIN)),
    "coach:talk-summary": Case("post", TALK, private("conversations", 200, anon=LOGIN)),
    "coach:talk-summary-keep": Case("post", TALK, private("conversations", 302, anon=LOGIN), body=lambda f: {"noticed": "x"}),
    "coach:talk-summary-discard": Case("post", TALK, private("conversations", 302, anon=LOGIN)),
    # --- JSON API ---
    "api:api-root": Case("get", NO_KW, everyone(404)),
    "api:openapi-json": Case("get", NO_KW, everyone(200)),
    "api:me_get": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:preferences_get": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:preferences_put": Case(
        "put", NO_KW, everyone(200, anon=UNAUTH), body=lambda f: {"default_retention_days": 30}, json=True
    ),
    "api:mydata_summary": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:mydata_export": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:mydata_item_delete": Case(
        "delete", lambda f: {"kind": "notes", "item_id": f.note_id}, private("notes", 204, anon=UNAUTH)
    ),
    "api:access_log": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:account_delete": Case(
        "post", NO_KW, everyone(400, anon=UNAUTH), body=lambda f: {"password": "wrong", "confirm": True}, json=True
    ),
    "api:token_list": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:token_revoke": Case(
        "delete", lambda f: {"token_id": f.token_id}, {**{r: 404 for r in ROLES}, "anon": UNAUTH, "aiko": 204}
    ),
    "api:invitation_accept": Case("post", lambda f: {"token": "not-a-real-token"}, everyone(404, anon=UNAUTH)),
    "api:note_list": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:note_create": Case("post", NO_KW, everyone(201, anon=UNAUTH), body=lambda f: {"body": "x"}, json=True),
    "api:note_get": Case("get", NOTE, private("notes", 200, anon=UNAUTH)),
    "api:note_update": Case(
        "put", NOTE, private("notes", 200, anon=UNAUTH), body=lambda f: {"title": "", "body": "changed"}, json=True
    ),
    "api:note_delete": Case("delete", NOTE, private("notes", 204, anon=UNAUTH)),
    "api:theme_list": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:conversation_list": Case("get", NO_KW, everyone(200, anon=UNAUTH)),
    "api:conversation_start": Case(
        "post", NO_KW, everyone(201, anon=UNAUTH), body=lambda f: {"theme": "free", "retention_days": 0}, json=True
    ),
    "api:unsaved_message": Case(
        "post", NO_KW, everyone(200, anon=UNAUTH), body=lambda f: {"message": "hi", "state": f.unsaved_state}, json=True
    ),
    "api:conversation_get": Case("get", TALK, private("conversations", 200, anon=UNAUTH)),
    "api:conversation_delete": Case("delete", TALK, private("conversations", 204, anon=UNAUTH)),
    "api:conversation_retention": Case(
        "put", TALK, private("conversations", 200, anon=UNAUTH), body=lambda f: {"retention_days": 90}, json=True
    ),
    "api:conversation_message": Case(
        "post", TALK, private("conversations", 200, anon=UNAUTH), body=lambda f: {"message": "hi"}, json=True
    ),
    "api:summary_make": Case("post", TALK, private("conversations", 200, anon=UNAUTH)),
    "api:summary_keep": Case(
        "put", TALK, private("conversations", 200, anon=UNAUTH), body=lambda f: {"noticed": ["x"], "next_steps": []}, json=True
    ),
    "api:summary_discard": Case("delete", TALK, private("conversations", 204, anon=UNAUTH)),
    "api:guideline_get": Case("get", NO_KW, everyone(200)),
    "api:policy_get": Case("get", NO_KW, admin_only(200, anon=UNAUTH)),
    "api:policy_put": Case(
        "put", NO_KW, admin_only(200, anon=UNAUTH), body=lambda f: {"k": 12, "max_retention_days": 90}, json=True
    ),
    "api:invitation_list": Case("get", NO_KW, admin_only(200, anon=UNAUTH)),
    "api:invitation_create": Case("post", NO_KW, admin_only(201, anon=UNAUTH), body=lambda f: {}, json=True),
    "api:invitation_revoke": Case(
        "post", lambda f: {"invitation_id": f.invitation_id}, admin_only(204, anon=UNAUTH)
    ),
}
# The token-creating endpoint needs a browser session with CSRF; checked in its own test.
EXPECTATIONS["api:token_create"] = Case(
    "post", NO_KW, everyone(201, anon=UNAUTH), body=lambda f: {"name": "script"}, json=True
)


def test_every_url_has_an_expectation_for_every_role():
    # given every named URL the project serves
    names = all_url_names()
    # then each has a case, each case names every role, and no case is stale
    missing = sorted(names - EXPECTATIONS.keys())
    assert not missing, f"new endpoint(s) without authorization expectations: {missing}"
    stale = sorted(EXPECTATIONS.keys() - names)
    assert not stale, f"expectations for endpoints that no longer exist: {stale}"
    for name, case in EXPECTATIONS.items():
        assert set(case.expect) == set(ROLES), f"{name} does not say what each role gets"


def _fixture(cast) -> Fixture:
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(cast.aiko.pk)):
        note = Note.objects.create(owner=cast.aiko, title="mine", body=f"{CANARY} 上司には言えないこと")
    token = account_services.access_token_create(user=cast.aiko, name="aiko's script").token
    invitation = account_services.invitation_create(organisation=cast.sakura).invitation
    from kabeuchi.coach import services as coach
    from kabeuchi.coach.state import state_to_json

    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        conversation.title = CANARY
        conversation.save()
    return Fixture(
        note_id=str(note.pk), token_id=str(token.pk), invitation_id=str(invitation.pk),
        conversation_id=str(conversation.pk), unsaved_state=state_to_json(state),
    )


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_role_gets_expected_status(name, cast, client_for):
    case = EXPECTATIONS[name]
    # The owner goes last, so a deleting request by aiko does not hide what others got.
    for role in sorted(ROLES, key=lambda r: r == "aiko"):
        fixture = _fixture(cast)
        client = client_for(role)
        url = reverse(name, kwargs=case.kwargs(fixture))
        call = getattr(client, case.method)
        body = case.body(fixture) if case.body else {}
        if case.json:
            response = call(url, data=json.dumps(body), content_type="application/json")
        else:
            response = call(url, data=body) if case.method == "post" else call(url)
        # then the status is the expected one
        assert response.status_code == case.expect[role], (
            f"{name} as {role}: got {response.status_code}, expected {case.expect[role]}"
        )
        # and aiko's private words never reach anyone but aiko
        if role != "aiko" and not getattr(response, "streaming", False):
            assert CANARY.encode() not in response.content, f"{name} leaked aiko's note to {role}"
