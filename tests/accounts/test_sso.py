"""Company sign-in (OpenID Connect) against a real provider on 127.0.0.1 (tests/accounts/oidc_provider.py).

The browser's part is played by two clients: Django's test client for Kabeuchi, and requests
for the provider's authorize endpoint (which signs in whoever the test put there and redirects
back with a code).  Everything between Kabeuchi and the provider goes over HTTP.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.db import connection
from django.test import Client
from django.urls import reverse

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Membership, SingleSignOn, SsoIdentity, User
from tests.accounts.oidc_provider import LocalProvider
from tests.conftest import PASSWORD

NEWCOMER = "new.person@sakura.example"
# per-request values: the CSRF token, and the language switch's way back (the callback's own URL)
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=|name="csrf-token" content=|name="next" value=)"[^"]+"')


def page(response) -> bytes:
    """The page with its per-request values masked, for comparing two answers."""
    return CSRF_VALUE.sub(rb'\1"-"', response.content)


@pytest.fixture
def provider():
    running = LocalProvider().start()
    yield running
    running.stop()


@pytest.fixture
def sso(cast, provider):
    return services.sso_configure(
        organisation=cast.sakura,
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        domains=["sakura.example"],
    )


def to_provider(client: Client, email: str) -> str:
    """Start company sign-in at Kabeuchi and let the provider answer: the URL it sends the
    browser back to (Kabeuchi's callback with code and state)."""
    response = client.post(reverse("accounts:sso-start"), {"email": email})
    assert response.status_code == 200, response.content.decode()[:500]
    url = html.unescape(re.search(r'id="sso-continue" href="([^"]+)"', response.content.decode()).group(1))
    assert f'content="0;url={html.escape(url)}"' in response.content.decode()  # it goes on by itself
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"] and query["nonce"]
    answer = requests.get(url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def back_at_kabeuchi(client: Client, location: str):
    parts = urlsplit(location)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: Client, email: str = NEWCOMER):
    return back_at_kabeuchi(client, to_provider(client, email))


def signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_setting_up_sso_enrolls_nobody(cast, sso):
    # then
    assert not User.objects.filter(email=NEWCOMER).exists()
    assert not SsoIdentity.objects.exists()


def test_a_first_sign_in_creates_the_account_and_the_second_reuses_it(sso, provider):
    # given
    provider.person = ("subject-123", NEWCOMER)
    # when
    first = Client()
    response = sign_in(first)
    # then
    assert response.status_code == 302 and response.url == reverse("accounts:welcome")
    user = User.objects.get(email=NEWCOMER)
    assert signed_in_as(first) == str(user.pk)
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user).organisation == sso.organisation
    assert first.get(reverse("accounts:welcome")).status_code == 200
    # when: another day, another browser
    second = Client()
    sign_in(second)
    # then
    assert signed_in_as(second) == str(user.pk)
    assert User.objects.filter(email=NEWCOMER).count() == 1
    assert SsoIdentity.objects.filter(user=user).count() == 1


def test_the_identity_is_kept_as_a_hash_only(sso, provider):
    # given
    provider.person = ("subject-visible-9", NEWCOMER)
    # when
    sign_in(Client())
    # then
    identity = SsoIdentity.objects.get()
    assert "subject-visible-9" not in identity.subject_hash


def test_an_existing_member_links_her_company_sign_in_with_her_password_once(cast, sso, provider):
    # given aiko, who has a password account, and the company sign-in service
    provider.person = ("aiko-at-idp", "aiko@sakura.example")
    # when she first signs in with her company account
    client = Client()
    response = sign_in(client, "aiko@sakura.example")
    # then she is asked for her Kabeuchi password before anything is linked or opened
    assert response.status_code == 302 and response["Location"] == reverse("accounts:sso-confirm")
    assert signed_in_as(client) is None and not SsoIdentity.objects.filter(user=cast.aiko).exists()
    page_ = client.get(reverse("accounts:sso-confirm"))
    assert page_.status_code == 200 and "aiko@sakura.example" in page_.content.decode()
    # when she types it
    response = client.post(reverse("accounts:sso-confirm"), {"password": PASSWORD})
    # then she is signed in to her own account, linked, and the next time the company account is enough
    assert response.status_code == 302
    assert signed_in_as(client) == str(cast.aiko.pk)
    assert User.objects.filter(email="aiko@sakura.example").count() == 1
    assert SsoIdentity.objects.filter(user=cast.aiko).count() == 1
    again = Client()
    assert sign_in(again, "aiko@sakura.example").status_code == 302
    assert signed_in_as(again) == str(cast.aiko.pk)


def test_a_sign_in_service_the_admin_runs_cannot_open_an_existing_account(cast, sso, provider):
    # given the company sign-in answers for aiko without her (a service the organisation's admin
    # runs can assert any address: the black-box attack's C1)
    provider.person = ("made-up-subject", "aiko@sakura.example")
    client = Client()
    sign_in(client, "aiko@sakura.example")
    # when the one who started it does not know her Kabeuchi password
    for guess in ("password123", "aiko-aiko-aiko"):
        response = client.post(reverse("accounts:sso-confirm"), {"password": guess})
        assert response.status_code == 400
    # then nothing was opened or linked
    assert signed_in_as(client) is None
    assert not SsoIdentity.objects.filter(user=cast.aiko).exists()
    assert client.get("/api/v1/notes").status_code in (401, 403)


def test_the_password_step_works_once_and_only_for_a_pending_sign_in(cast, sso, provider):
    # a confirm page without a company sign-in behind it is the polite failure page
    assert Client().get(reverse("accounts:sso-confirm")).status_code == 400
    provider.person = ("aiko-at-idp", "aiko@sakura.example")
    client = Client()
    sign_in(client, "aiko@sakura.example")
    assert client.post(reverse("accounts:sso-confirm"), {"password": PASSWORD}).status_code == 302
    client.logout()
    # the pending sign-in was spent
    assert client.post(reverse("accounts:sso-confirm"), {"password": PASSWORD}).status_code == 400


def test_an_id_token_for_another_audience_is_refused(sso, provider):
    # given
    provider.audience = "another-client"
    # when
    client = Client()
    response = sign_in(client)
    # then
    assert response.status_code == 400
    assert "安全のため" in response.content.decode()
    assert signed_in_as(client) is None
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_an_expired_id_token_is_refused(sso, provider):
    # given
    provider.lifetime = -600
    # when
    client = Client()
    response = sign_in(client)
    # then
    assert response.status_code == 400
    assert signed_in_as(client) is None
    assert not User.objects.filter(email=NEWCOMER).exists()


def test_a_replayed_callback_is_refused(sso):
    # given: a completed sign-in
    client = Client()
    location = to_provider(client, NEWCOMER)
    assert back_at_kabeuchi(client, location).status_code == 302
    client.post(reverse("accounts:logout"))
    # when: the same answer is sent again, in the same browser and in another
    again = back_at_kabeuchi(client, location)
    elsewhere = Client()
    stolen = back_at_kabeuchi(elsewhere, location)
    # then
    assert again.status_code == 400 and stolen.status_code == 400
    assert signed_in_as(client) is None and signed_in_as(elsewhere) is None


def test_an_id_token_with_a_replayed_nonce_is_refused(sso, provider):
    # given: a nonce from an earlier sign-in, which the provider now puts in a new ID token
    sign_in(Client())
    provider.nonce_override = provider.nonces_seen[0]
    # when
    client = Client()
    response = sign_in(client)
    # then
    assert response.status_code == 400
    assert signed_in_as(client) is None


def test_a_callback_that_was_never_started_here_is_refused(sso):
    # when
    response = Client().get(reverse("accounts:sso-callback"), {"code": "abc", "state": "made-up"})
    # then
    assert response.status_code == 400
    assert "安全のため" in response.content.decode()


def test_an_address_outside_the_organisations_domains_is_refused(sso, provider):
    # given: the provider vouches for an address of a domain the organisation did not list
    provider.person = ("subject-x", "someone@elsewhere.example")
    # when
    client = Client()
    response = sign_in(client)
    # then
    assert response.status_code == 403
    assert signed_in_as(client) is None
    assert not User.objects.filter(email="someone@elsewhere.example").exists()


def test_an_address_that_belongs_to_another_organisation_is_refused_with_the_same_page(cast, sso, provider):
    # given: daichi's address, vouched for by Sakura's provider under a domain it does not cover,
    # and a made-up address under the same domain
    provider.person = ("subject-d", "daichi@minato.example")
    known = sign_in(Client())
    provider.person = ("subject-n", "nobody@minato.example")
    unknown = sign_in(Client())
    # then
    assert known.status_code == unknown.status_code == 403
    assert page(known) == page(unknown)


def test_an_unknown_domain_gets_the_same_polite_page_whoever_asks(cast, sso):
    # when: an existing person (daichi, of an organisation without SSO) and a made-up address
    existing = Client().post(reverse("accounts:sso-start"), {"email": "daichi@minato.example"})
    made_up = Client().post(reverse("accounts:sso-start"), {"email": "nobody@minato.example"})
    # then
    assert existing.status_code == made_up.status_code == 200
    assert page(existing) == page(made_up)
    assert "会社のアカウントでのログインは設定されていません" in existing.content.decode()


def test_a_provider_that_does_not_answer_gets_a_clear_message(cast, sso, provider):
    # given
    provider.stop()
    # when
    client = Client()
    response = client.post(reverse("accounts:sso-start"), {"email": NEWCOMER})
    # then
    assert response.status_code == 503
    assert "応答していません" in response.content.decode()


def test_a_provider_that_stops_between_the_redirect_and_the_callback(cast, sso, provider):
    # given
    client = Client()
    location = to_provider(client, NEWCOMER)
    provider.stop()
    # when
    response = back_at_kabeuchi(client, location)
    # then
    assert response.status_code == 503
    assert signed_in_as(client) is None


def test_a_refusal_at_the_provider_is_explained(sso, provider):
    # given
    provider.deny = True
    # when
    client = Client()
    location = to_provider(client, NEWCOMER)
    response = back_at_kabeuchi(client, location)
    # then
    assert response.status_code == 400
    assert "完了しませんでした" in response.content.decode()


def test_the_failure_pages_speak_english_too(sso, provider):
    # given
    provider.audience = "another-client"
    client = Client()
    client.cookies["django_language"] = "en"
    # when
    response = sign_in(client)
    unknown = client.post(reverse("accounts:sso-start"), {"email": "x@unknown.example"})
    # then
    assert "For your safety" in response.content.decode()
    assert "Company sign-in is not set up for this address" in unknown.content.decode()


def test_the_client_secret_is_not_readable_in_the_database(sso, provider):
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_singlesignon")
        rows = cursor.fetchall()
    # then
    dump = repr(rows).encode() + b"".join(bytes(v) for row in rows for v in row if isinstance(v, (bytes, memoryview)))
    assert provider.client_secret.encode() not in dump
    assert services.sso_provider(sso=SingleSignOn.objects.get()).client_secret == provider.client_secret


def test_the_admin_sets_up_sso_and_never_sees_the_secret_again(cast, provider, client_for):
    # given
    admin = client_for("eita")
    # when
    response = admin.post(
        reverse("org:sso-edit"),
        {
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "domains": "sakura.example\n@Sakura-Group.example",
            "enabled": "on",
        },
    )
    # then
    assert response.status_code == 302
    page = admin.get(reverse("org:sso-edit")).content.decode()
    assert provider.client_secret not in page
    assert "/accounts/sso/callback/" in page
    sso = SingleSignOn.objects.get(organisation=cast.sakura)
    assert sorted(sso.domains.values_list("domain", flat=True)) == ["sakura-group.example", "sakura.example"]
    # when: saved again with the secret left empty
    admin.post(
        reverse("org:sso-edit"),
        {"issuer": provider.issuer, "client_id": provider.client_id, "client_secret": "", "domains": "sakura.example",
         "enabled": "on"},
    )
    # then: the secret is kept, and sign-in works
    assert services.sso_provider(sso=SingleSignOn.objects.get()).client_secret == provider.client_secret
    assert sign_in(Client()).status_code == 302


def test_a_domain_cannot_be_claimed_by_two_organisations(cast, sso, provider):
    # when / then
    with pytest.raises(Exception, match="another organisation|別の組織"):
        services.sso_configure(
            organisation=cast.minato, issuer=provider.issuer, client_id="x", client_secret="y", domains=["sakura.example"]
        )


def test_only_the_admin_reaches_the_sso_settings(cast, client_for):
    for name in ("aiko", "bunta", "chika", "daichi", "operator"):
        assert client_for(name).get(reverse("org:sso-edit")).status_code == 404


def test_the_data_guideline_says_what_the_provider_learns_and_what_kabeuchi_keeps(cast, sso, client):
    # when
    general = client.get(reverse("org:guideline")).content.decode()
    sakura = client.get(reverse("org:guideline-org", kwargs={"slug": "sakura"})).content.decode()
    # then
    assert "Kabeuchiにログインしたこと" in general and "127.0.0.1" not in general
    assert "127.0.0.1" in sakura and "一方向ハッシュ" in sakura


def test_an_id_token_signed_with_the_client_secret_or_unsigned_is_refused(provider):
    # given: tokens that are otherwise right, but signed with HS256 (keyed with the secret we
    # hold too) or not signed at all
    import time
    import warnings

    from joserfc import jwt
    from joserfc.jwk import OctKey

    from kabeuchi.accounts import sso as protocol

    now = int(time.time())
    claims = {"iss": provider.issuer, "aud": provider.client_id, "sub": "x", "iat": now, "exp": now + 300,
              "nonce": "n", "email": NEWCOMER}
    hmac_token = jwt.encode({"alg": "HS256"}, claims, OctKey.import_key(provider.client_secret.encode() * 2))
    with warnings.catch_warnings():  # joserfc warns that "none" is deprecated: that is the point
        warnings.simplefilter("ignore")
        unsigned = jwt.encode({"alg": "none"}, claims, None, algorithms=["none"])
    metadata = {**protocol.discover(provider.issuer), "id_token_signing_alg_values_supported": ["RS256", "HS256", "none"]}
    # then
    for token in (hmac_token, unsigned):
        with pytest.raises(protocol.SsoFailed) as failure:
            protocol._validate_id_token(id_token=token, metadata=metadata, client_id=provider.client_id, nonce="n",
                                        access_token="")
        assert failure.value.reason == "invalid"


def test_a_person_who_signs_in_with_the_company_account_can_delete_everything(sso, provider):
    # given
    client = Client()
    sign_in(client)
    user = User.objects.get(email=NEWCOMER)
    page = client.get(reverse("accounts:account-delete")).content.decode()
    assert 'name="password"' not in page
    # when
    response = client.post(reverse("accounts:account-delete"), {"understood": "on"})
    # then
    assert response.status_code == 200
    assert not User.objects.filter(pk=user.pk).exists()
    assert not SsoIdentity.objects.exists()


def test_the_api_deletes_a_company_sign_in_account_without_a_password(sso, provider):
    # given
    import json

    client = Client()
    sign_in(client)
    user = User.objects.get(email=NEWCOMER)
    # when
    response = client.post(
        "/api/v1/me/delete", data=json.dumps({"password": "", "confirm": True}), content_type="application/json"
    )
    # then
    assert response.status_code == 200, response.content
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_providers_metadata_and_keys_are_fetched_once_for_many_sign_ins(sso, provider, monkeypatch):
    from kabeuchi.accounts import sso as protocol

    fetched = []
    real = protocol._get_json
    monkeypatch.setattr(protocol, "_get_json", lambda url: fetched.append(url) or real(url))
    provider.person = ("subject-cache", NEWCOMER)
    for _ in range(3):
        client = Client()
        sign_in(client)
        assert signed_in_as(client) is not None
    assert sum(url.endswith("/.well-known/openid-configuration") for url in fetched) <= 1
    assert sum("openid-configuration" not in url for url in fetched) <= 1  # the signing keys
