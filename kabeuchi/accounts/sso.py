"""OpenID Connect sign-in, the protocol side: discovery, the authorization request and the
checks on what comes back.  Built on Authlib (its requests client and its ID-token claims
classes) and joserfc for the signature; docs/architecture.md says why this library.

What is checked, in order (any failure raises :class:`SsoFailed` with a reason, never with
the provider's words, which are not shown to anyone):

- discovery from ``<issuer>/.well-known/openid-configuration``, whose ``issuer`` must be the
  configured one;
- ``state`` against the one this browser's session started (then forgotten: a replayed
  callback finds nothing);
- the code is exchanged with PKCE (S256) and the client secret;
- the ID token's signature against the provider's JWKS (asymmetric algorithms only: never
  ``none`` nor an HMAC keyed with the client secret), then ``iss``, ``aud`` (and ``azp``),
  ``exp``/``iat`` with one minute of leeway, and ``nonce`` against the one sent;
- an ``email`` that the provider does not mark unverified.

Nothing here touches the database: the caller keeps the pending request in the session and
decides about accounts (kabeuchi.accounts.services.sso_sign_in).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from django.conf import settings
from django.core.cache import cache
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

# Signature algorithms an ID token may use.  "none" and the HMAC family are left out on
# purpose: an HMAC would be keyed with the client secret, which we hold as well.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
SCOPE = "openid email"  # nothing more: Kabeuchi needs the address and the subject only
LEEWAY_SECONDS = 60


class SsoFailed(Exception):
    """The sign-in did not succeed.  ``reason`` is one of: ``unreachable`` (the provider did not
    answer), ``provider`` (it answered with an error, or refused the code), ``invalid`` (the ID
    token failed a check), ``state`` (no such sign-in was started here, or it was used)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail  # for the server log only


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Verified:
    """What Kabeuchi takes from an ID token: the subject (kept only as a hash) and the address."""

    subject: str
    email: str


def _get_json(url: str) -> dict:
    try:
        response = requests.get(url, timeout=settings.KABEUCHI_SSO_TIMEOUT_SECONDS, allow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as error:
        raise SsoFailed("unreachable", f"{url}: {type(error).__name__}") from None
    if not isinstance(data, dict):
        raise SsoFailed("unreachable", f"{url}: not a JSON object")
    return data


DISCOVERY_SECONDS = 3600  # how long a provider's metadata is reused (sign-ins do not each fetch it)
KEYS_SECONDS = 600  # how long its signing keys are reused; refetched at once for an unknown key


def _cache_key(kind: str, url: str) -> str:
    return f"sso:{kind}:" + hashlib.sha256(url.encode()).hexdigest()


def discover(issuer: str) -> dict:
    """The provider's metadata.  Its ``issuer`` must match the configured one (OpenID Connect
    Discovery 1.0, section 4.3), or tokens from another issuer could be accepted.  Kept in the
    cache for an hour once it has been checked, so a burst of sign-ins does not fetch it each
    time (nothing about a person is in it)."""
    key = _cache_key("discovery", issuer.rstrip("/"))
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    metadata = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if str(metadata.get("issuer", "")).rstrip("/") != issuer.rstrip("/"):
        raise SsoFailed("invalid", "discovery names another issuer")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not str(metadata.get(name, "")).startswith(("https://", "http://")):
            raise SsoFailed("unreachable", f"discovery lacks {name}")
    cache.set(key, metadata, DISCOVERY_SECONDS)
    return metadata


def _signing_keys(jwks_uri: str, *, fresh: bool = False) -> dict:
    key = _cache_key("keys", jwks_uri)
    cached = None if fresh else cache.get(key)
    if isinstance(cached, dict):
        return cached
    keys = _get_json(jwks_uri)
    cache.set(key, keys, KEYS_SECONDS)
    return keys


def _session(provider: Provider, redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        provider.client_id,
        provider.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
        default_timeout=settings.KABEUCHI_SSO_TIMEOUT_SECONDS,
    )


def authorization_start(*, provider: Provider, redirect_uri: str, login_hint: str = "") -> tuple[str, dict]:
    """The provider's authorization URL and what the callback needs to check it (``state``,
    ``nonce``, the PKCE ``verifier``), to be kept in this browser's session only."""
    metadata = discover(provider.issuer)
    nonce = generate_token(32)
    verifier = generate_token(64)
    extra = {"login_hint": login_hint} if login_hint else {}
    with _session(provider, redirect_uri) as session:
        url, state = session.create_authorization_url(
            metadata["authorization_endpoint"], nonce=nonce, code_verifier=verifier, **extra
        )
    return url, {"state": state, "nonce": nonce, "verifier": verifier}


def authorization_finish(*, provider: Provider, redirect_uri: str, pending: dict, params: dict) -> Verified:
    """Check the callback's parameters against ``pending``, exchange the code and validate the
    ID token.  Returns the verified subject and address."""
    if params.get("error"):
        raise SsoFailed("provider", str(params.get("error"))[:100])
    if not hmac.compare_digest(str(params.get("state", "")), str(pending.get("state", "")) or "\0"):
        raise SsoFailed("state")
    code = params.get("code")
    if not code:
        raise SsoFailed("provider", "no code")
    metadata = discover(provider.issuer)
    try:
        with _session(provider, redirect_uri) as session:
            token = session.fetch_token(
                metadata["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=pending["verifier"],
                state=pending["state"],
            )
    except requests.RequestException as error:
        raise SsoFailed("unreachable", type(error).__name__) from None
    except (OAuthError, ValueError) as error:
        raise SsoFailed("provider", type(error).__name__) from None
    id_token = token.get("id_token")
    if not id_token:
        raise SsoFailed("invalid", "no ID token")
    return _validate_id_token(
        id_token=id_token,
        metadata=metadata,
        client_id=provider.client_id,
        nonce=pending["nonce"],
        access_token=token.get("access_token", ""),
    )


def _validate_id_token(*, id_token: str, metadata: dict, client_id: str, nonce: str, access_token: str) -> Verified:
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    algorithms = [alg for alg in offered if alg in SIGNING_ALGORITHMS]
    if not algorithms:
        raise SsoFailed("invalid", "no acceptable signing algorithm")
    keys = _signing_keys(metadata["jwks_uri"])
    try:
        try:
            decoded = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=algorithms)
        except (JoseError, ValueError, KeyError):
            # the provider may have rotated its keys since they were cached: fetch them once more
            decoded = jwt.decode(id_token, KeySet.import_key_set(_signing_keys(metadata["jwks_uri"], fresh=True)), algorithms=algorithms)
        claims = CodeIDToken(
            decoded.claims,
            decoded.header,
            {
                "iss": {"essential": True, "value": metadata["issuer"]},
                "aud": {"essential": True, "value": client_id},
                "exp": {"essential": True},
                "sub": {"essential": True},
                "nonce": {"essential": True, "value": nonce},
            },
            {"nonce": nonce, "client_id": client_id, "access_token": access_token},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise SsoFailed("invalid", type(error).__name__) from None
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email or claims.get("email_verified") is False:
        raise SsoFailed("invalid", "no verified e-mail address")
    return Verified(subject=str(claims["sub"]), email=email)
