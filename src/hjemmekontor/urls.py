"""URL map. Every URL here is covered by the persona × URL access matrix test."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from hjemmekontor.accounts.sso import SsoCallback, SsoLogin
from hjemmekontor.api.endpoints import api
from hjemmekontor.surveys import codeentry
from hjemmekontor.surveys.urls import answer_urlpatterns
from hjemmekontor.web import views as web_views

admin.site.site_header = "Hjemmekontor – teknisk administrasjon"

# The site's own error pages (hjemmekontor.web.errors), not Django's bare ones.
handler400 = "hjemmekontor.web.errors.bad_request"
handler403 = "hjemmekontor.web.errors.permission_denied"
handler404 = "hjemmekontor.web.errors.page_not_found"
handler500 = "hjemmekontor.web.errors.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("personvern/", web_views.privacy, name="privacy"),
    path("tilgjengelighet/", web_views.accessibility, name="accessibility"),
    path("helse/", web_views.health, name="health"),
    path("sprak/", set_language, name="set_language"),
    path("logg-inn/", auth_views.LoginView.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (hjemmekontor.accounts.sso); 404 unless an issuer is configured.
    path("sso/logg-inn/", SsoLogin.as_view(), name="sso-login"),
    path("sso/tilbake/", SsoCallback.as_view(), name="sso-callback"),
    path(
        "passord/ny/<uidb64>/<token>/",
        # Named apart from registration/…: django.contrib.admin, installed
        # first, has templates of those names, and its would win.
        auth_views.PasswordResetConfirmView.as_view(
            template_name="web/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="web/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("organisasjon/", include("hjemmekontor.organisation.urls")),
    path("hms/", include("hjemmekontor.hms.urls")),
    path("arbeidstid/", include("hjemmekontor.timesheets.urls")),
    path("resultater/", include("hjemmekontor.results.urls")),
    path("rapporter/", include("hjemmekontor.reports.urls")),
    path("jobber/", include("hjemmekontor.jobs.urls")),
    path("revisjon/", include("hjemmekontor.audit.urls")),
    path("api/", api.urls),
    path("api-nokler/", include("hjemmekontor.api.urls")),
    path("", include("hjemmekontor.surveys.urls")),
    *answer_urlpatterns,
    # For people without e-mail: the code from a printed letter, and the kiosk tablet.
    path("kode/", codeentry.code_entry, name="code-entry"),
    path("kiosk/", codeentry.kiosk, name="kiosk"),
    path("kiosk/avslutt/", codeentry.kiosk_end, name="kiosk-end"),
    path("django-admin/", admin.site.urls),
]
