"""A real OpenID Connect provider for the tests, on 127.0.0.1 at a random port.

Built from Authlib's provider components (its Flask AuthorizationServer, the authorization-code
grant with PKCE and the OpenID Connect extension) and served by Werkzeug in a thread: discovery,
JWKS, authorize and token endpoints speak the protocol over HTTP exactly as a company's
provider would.  Kabeuchi's client code reaches it through the network like any other.

The person "signed in at the provider" and a few deliberate misbehaviours are set on the
:class:`LocalProvider` object by each test:

- ``person``: ``(subject, email)`` of whoever authorizes next;
- ``audience``: the ``aud`` the next ID tokens carry (default: the client id);
- ``lifetime``: seconds until the ID token's ``exp`` (negative: already expired);
- ``nonce_override``: a nonce to put in ID tokens instead of the one the client sent;
- ``deny``: answer the authorization request with ``error=access_denied``.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server


@dataclass
class Client:
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in scope.split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: tuple[str, str]
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None


class LocalProvider:
    def __init__(self, *, client_id: str = "kabeuchi", client_secret: str = "s3cr3t-value-Zq9"):
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris: list[str] = ["http://testserver/accounts/sso/callback/"]
        self.person: tuple[str, str] = ("subject-1", "new.person@sakura.example")
        self.audience: str | None = None
        self.lifetime = 300
        self.nonce_override: str | None = None
        self.deny = False
        self.nonces_seen: list[str] = []
        self.codes: dict[str, Code] = {}
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key-1", "use": "sig", "alg": "RS256"})
        self.app = self._app()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request in test output
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- lifecycle --------------------------------------------------------------------------
    def start(self) -> LocalProvider:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # --- the provider -----------------------------------------------------------------------
    def _app(self) -> Flask:
        provider = self
        app = Flask("local-oidc-provider")

        def query_client(client_id):
            if client_id == provider.client_id:
                return Client(provider.client_id, provider.client_secret, provider.redirect_uris)
            return None

        server = AuthorizationServer(app, query_client=query_client, save_token=lambda token, req: None)

        class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                provider.codes[code] = Code(
                    code=code,
                    client_id=req.client.get_client_id(),
                    redirect_uri=req.payload.redirect_uri,
                    scope=req.payload.scope,
                    user=req.user,
                    nonce=req.payload.data.get("nonce"),
                    code_challenge=req.payload.data.get("code_challenge"),
                    code_challenge_method=req.payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                found = provider.codes.get(code)
                return found if found and found.client_id == client.get_client_id() else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.user

        class ProviderOpenIDCode(OpenIDCode):
            def exists_nonce(self, nonce, req):
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client):
                return KeySet([provider.key])

            def get_client_algorithm(self, client):
                return "RS256"

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": provider.key.kid}

            def get_client_claims(self, client):
                now = int(time.time())
                return {
                    "iss": provider.issuer,
                    "aud": [provider.audience or client.get_client_id()],
                    "iat": now - (0 if provider.lifetime > 0 else 3600),
                    "exp": now + provider.lifetime,
                }

            def get_authorization_code_claims(self, authorization_code):
                claims = super().get_authorization_code_claims(authorization_code)
                if provider.nonce_override is not None:
                    claims["nonce"] = provider.nonce_override
                return claims

            def generate_user_info(self, user, scope):
                subject, email = user
                info = UserInfo(sub=subject)
                if "email" in scope:
                    info["email"] = email
                    info["email_verified"] = True
                return info

        server.register_grant(AuthorizationCodeGrant, [ProviderOpenIDCode(require_nonce=True), CodeChallenge(required=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                issuer=provider.issuer,
                authorization_endpoint=provider.issuer + "/authorize",
                token_endpoint=provider.issuer + "/token",
                jwks_uri=provider.issuer + "/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
                scopes_supported=["openid", "email", "profile"],
                token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
                code_challenge_methods_supported=["S256"],
            )

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.get("/authorize")
        def authorize():
            if nonce := request.args.get("nonce"):
                provider.nonces_seen.append(nonce)
            try:
                grant = server.get_consent_grant(end_user=provider.person)
            except OAuth2Error as error:
                return server.handle_error_response(None, error)
            return server.create_authorization_response(grant_user=None if provider.deny else provider.person, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        return app
