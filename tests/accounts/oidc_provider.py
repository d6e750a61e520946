"""A real OpenID Connect provider for the ProConnect tests, on 127.0.0.1.

pyop (IdentityPython) does the protocol: authorisation requests checked against
the registered client, codes, tokens signed with an RSA key published as JWKS,
userinfo, end of session. A thin WSGI app served by wsgiref in a thread gives
it ProConnect's addresses. Like ProConnect, the userinfo answer is a signed JWT
(application/jwt). The "agent" who signs in is chosen by the test
(``provider.sign_in_as``): the authorisation endpoint authenticates them at once.
OpenID Connect wants an HTTPS issuer: the server speaks TLS with a certificate
made for 127.0.0.1, which the site trusts through ``OIDC_VERIFY_SSL`` and the
test's ``requests`` through ``verify=provider.ca``.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import ssl
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from Cryptodome.PublicKey import RSA
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwkest.jwk import RSAKey
from jwkest.jws import JWS
from oic.oic.message import EndSessionRequest
from pyop.authz_state import AuthorizationState
from pyop.exceptions import BearerTokenError, InvalidAuthenticationRequest, OAuthError
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo

CLIENT_ID = "sillon-test-client"
CLIENT_SECRET = "sillon-test-secret"
SCOPES = {"given_name": ["given_name"], "usual_name": ["usual_name"]}


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # no access log in the test output
        pass


class ProConnectDouble:
    """The provider and its HTTP server; ``start()`` then ``stop()``."""

    def __init__(self, redirect_uri: str, post_logout_redirect_uri: str):
        self.key = RSAKey(key=RSA.generate(2048), alg="RS256", kid="test-key")
        self.redirect_uri = redirect_uri
        self.post_logout_redirect_uri = post_logout_redirect_uri
        self.users: dict[str, dict] = {}
        self.current_user: str | None = None
        self.end_session_requests: list[dict] = []
        self.authorization_requests: list[dict] = []
        self._server: WSGIServer | None = None

    # --- the test's side ---------------------------------------------------------

    def start(self) -> ProConnectDouble:
        self._server = make_server(
            "127.0.0.1", 0, self.app, handler_class=_QuietHandler
        )
        self._folder = tempfile.TemporaryDirectory()
        self.ca = _self_signed_certificate(Path(self._folder.name))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca, Path(self._folder.name) / "key.pem")
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.issuer = f"https://127.0.0.1:{self._server.server_port}"
        self._build_provider()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._folder.cleanup()

    def sign_in_as(self, email: str, **claims) -> None:
        """The agent whom the next authorisation request authenticates."""
        user_id = f"agent-{len(self.users)}"
        self.users[user_id] = {
            "sub": f"sub-{user_id}",
            "email": email,
            "given_name": "Agent",
            "usual_name": "Public",
            **claims,
        }
        self.current_user = user_id

    def settings(self) -> dict:
        """The Django settings that point the site at this provider."""
        return {
            "PROCONNECT_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "OIDC_OP_LOGOUT_ENDPOINT": f"{self.issuer}/session/end",
            "OIDC_VERIFY_SSL": str(self.ca),
        }

    # --- the provider --------------------------------------------------------------

    def _build_provider(self) -> None:
        authz_state = AuthorizationState(HashBasedSubjectIdentifierFactory("salt"))
        self.provider = Provider(
            self.key,
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "userinfo_endpoint": f"{self.issuer}/userinfo",
                "jwks_uri": f"{self.issuer}/jwks",
                "end_session_endpoint": f"{self.issuer}/session/end",
                "scopes_supported": ["openid", "email"],
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            },
            authz_state,
            {
                CLIENT_ID: {
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [self.redirect_uri],
                    "post_logout_redirect_uris": [self.post_logout_redirect_uri],
                    "response_types": ["code"],
                    "token_endpoint_auth_method": "client_secret_post",
                }
            },
            Userinfo(self.users),
            extra_scopes=SCOPES,
        )

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = environ.get("QUERY_STRING", "")
        try:
            if path == "/authorize":
                return self._authorize(query, start_response)
            if path == "/token":
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length).decode()
                answer = self.provider.handle_token_request(body, {})
                return _json(start_response, answer.to_dict())
            if path == "/userinfo":
                headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", "")}
                claims = self.provider.handle_userinfo_request(query, headers).to_dict()
                return self._signed_userinfo(claims, start_response)
            if path == "/jwks":
                return _json(start_response, self.provider.jwks)
            if path == "/session/end":
                return self._end_session(query, start_response)
        except (InvalidAuthenticationRequest, OAuthError, BearerTokenError) as error:
            return _json(start_response, {"error": str(error)}, "400 Bad Request")
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]

    def _authorize(self, query, start_response):
        request = self.provider.parse_authentication_request(query)
        self.authorization_requests.append(dict(parse_qsl(query)))
        answer = self.provider.authorize(request, self.current_user)
        location = answer.request(request["redirect_uri"], False)
        start_response("302 Found", [("Location", location)])
        return [b""]

    def _signed_userinfo(self, claims, start_response):
        now = int(time.time())
        payload = {**claims, "iss": self.issuer, "aud": CLIENT_ID, "iat": now}
        token = JWS(json.dumps(payload), alg="RS256").sign_compact([self.key])
        start_response("200 OK", [("Content-Type", "application/jwt")])
        return [token.encode()]

    def _end_session(self, query, start_response):
        self.end_session_requests.append(dict(parse_qsl(query)))
        request = EndSessionRequest().deserialize(query)
        self.provider.logout_user(end_session_request=request)
        location = self.provider.do_post_logout_redirect(request)
        if location is None:
            return _json(start_response, {"error": "bad logout"}, "400 Bad Request")
        start_response("302 Found", [("Location", location)])
        return [b""]


def _json(start_response, data, status="200 OK"):
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(data).encode()]


def _self_signed_certificate(folder: Path) -> Path:
    """A certificate for 127.0.0.1 and its key in ``folder``; its path."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    path = folder / "cert.pem"
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path
