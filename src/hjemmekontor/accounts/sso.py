"""Single sign-on with OpenID Connect: Microsoft Entra ID, Feide, ID-porten or any
provider with discovery.

Built on mozilla-django-oidc (authorization code flow with PKCE and a nonce),
with what it leaves out added here:

* **Discovery.** Only the issuer is configured; the endpoints come from its
  ``/.well-known/openid-configuration`` (fetched once per process), whose
  ``issuer`` must be the configured one.
* **The ID token's audience and issuer.** mozilla-django-oidc checks the
  signature and the expiry but not ``aud`` (its own comment says so); a token
  minted for another application of the same provider would pass. Here ``aud``
  must hold our client id and ``iss`` must be the issuer.
* **The register decides who gets in.** A login is matched to an active person
  in the register by e-mail or employee number (one claim, configurable) — never
  created from the token. Roles come from the register, as with passwords. An
  HMS adviser without a person row is matched to their staff account by e-mail.
  Anything else is refused with a message saying what to do.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from hjemmekontor.organisation.models import Person

__all__ = ["RegisterBackend", "SsoCallback", "SsoLogin", "enabled"]

logger = logging.getLogger(__name__)

# mozilla-django-oidc's settings that discovery fills in.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
_documents: dict[str, dict[str, Any]] = {}
_lock = threading.Lock()


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def provider_name() -> str:
    return settings.OIDC_NAME or _("innloggingstjenesten")


def discovery(issuer: str) -> dict[str, Any]:
    """The provider's metadata, fetched once per process."""
    with _lock:
        if issuer not in _documents:
            answer = requests.get(
                f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=10
            )
            answer.raise_for_status()
            document = answer.json()
            if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
                raise SuspiciousOperation(
                    f"The provider says its issuer is {document.get('issuer')!r}, not {issuer!r}."
                )
            missing = [key for key in DISCOVERED.values() if not document.get(key)]
            if missing:
                raise SuspiciousOperation(f"The provider's discovery lacks {missing}.")
            _documents[issuer] = document
        return _documents[issuer]


def sso_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, read from ours and the discovery document."""
    if attr in DISCOVERED:
        return discovery(settings.OIDC_ISSUER)[DISCOVERED[attr]]
    ours = {
        "OIDC_RP_CLIENT_ID": settings.OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.OIDC_CLIENT_SECRET,
        "OIDC_RP_SCOPES": settings.OIDC_SCOPES,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_CREATE_USER": False,
        "OIDC_TIMEOUT": 10,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "sso-callback",
        "LOGIN_REDIRECT_URL_FAILURE": "/logg-inn/",
    }
    if attr in ours:
        return ours[attr]
    return import_from_settings(attr, *default)


class _WhenConfigured:
    """Without an issuer the single sign-on pages do not exist (404)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class SsoLogin(_WhenConfigured, OIDCAuthenticationRequestView):
    """Sends the browser to the provider (with state, nonce and a PKCE challenge)."""

    get_settings = staticmethod(sso_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the endpoints here; without SSO there are none to read.
        if enabled():
            super().__init__(*args, **kwargs)
        else:
            super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)


class SsoCallback(_WhenConfigured, OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with a code."""

    get_settings = staticmethod(sso_setting)

    def login_failure(self) -> HttpResponse:
        if not messages.get_messages(self.request):
            # The provider said no (the person cancelled), or the state was stale.
            messages.error(
                self.request, _("Innloggingen ble avbrutt eller var for gammel. Prøv igjen.")
            )
        return super().login_failure()


class RegisterBackend(OIDCAuthenticationBackend):
    """Turns a verified ID token into the register's person, or refuses."""

    get_settings = staticmethod(sso_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The endpoints are read when a login comes back, not here: Django builds
        # the backends for every login and session, with SSO configured or not.
        self.UserModel = get_user_model()

    def authenticate(self, request: Any, **kwargs: Any) -> Any:
        if request is None or not enabled() or "code" not in request.GET:
            return None
        OIDCAuthenticationBackend.__init__(self)
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as problem:
            logger.warning("single sign-on refused: %s", problem)
            messages.error(
                request,
                _(
                    "Innloggingen gjennom %(provider)s kunne ikke godkjennes. Prøv igjen; "
                    "skjer det igjen, kontakt HMS-rådgiveren."
                )
                % {"provider": provider_name()},
            )
            return None

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The provider's key that signed the token: by its ``kid``, or the only
        RS256 key when the token names none (a provider with one key may omit it)."""
        answer = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=10)
        answer.raise_for_status()
        keys = [
            key
            for key in answer.json().get("keys", [])
            if key.get("kty") == "RSA" and key.get("alg", "RS256") == "RS256"
        ]
        kid = jwt.get_unverified_header(token).get("kid")
        if kid is not None:
            keys = [key for key in keys if key.get("kid") == kid]
        if len(keys) != 1:
            raise SuspiciousOperation("No single signing key of the provider matches the token.")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload: Any, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != "RS256":
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=["RS256"],
                audience=settings.OIDC_CLIENT_ID,
                issuer=discovery(settings.OIDC_ISSUER)["issuer"],
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"ID token refused: {error}") from error
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = {**payload, **self.get_userinfo(access_token, id_token, payload)}
        value = str(claims.get(settings.OIDC_CLAIM) or "").strip()
        user = _registered_user(value) if value else None
        if user is None:
            messages.error(
                self.request,
                _(
                    "Du er logget inn hos %(provider)s, men %(organisation)s finner deg ikke i "
                    "personregisteret (%(claim)s: %(value)s). Kontakt HMS-rådgiveren for å "
                    "bli lagt inn eller få rettet opplysningene."
                )
                % {
                    "provider": provider_name(),
                    "organisation": settings.ORGANISATION_NAME,
                    "claim": settings.OIDC_CLAIM,
                    "value": value or "–",
                },
            )
        return user


def _registered_user(value: str) -> Any:
    """The login of the active person the claim names, made on first use."""
    if settings.OIDC_MATCH == "employee_number":
        people = Person.objects.filter(employee_number=value)
    else:
        people = Person.objects.filter(email__iexact=value)
    person = people.select_related("user").first()
    user_model = get_user_model()
    if person is None:
        if settings.OIDC_MATCH != "employee_number":
            # An HMS adviser is a staff account, with or without a person row.
            staff = user_model.objects.filter(
                email__iexact=value, is_staff=True, is_active=True
            ).first()
            return staff
        return None
    if not person.active:
        return None
    if person.user is None:
        username = person.email or f"sso-{person.employee_number}"
        user = user_model.objects.filter(username__iexact=username).first()
        if user is not None and Person.objects.filter(user=user).exists():
            # The name is another person's login: the register needs a look.
            return None
        if user is None:
            user = user_model(username=username, email=person.email or "")
            user.set_unusable_password()
            user.save()
        person.user = user
        person.save(update_fields=["user"])
    return person.user if person.user.is_active else None
