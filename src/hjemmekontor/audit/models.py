"""What administrators did to people and their data, for those who look after them.

An entry says who did what to whom or to which round, and when. It never holds
answers, answer links, response ids or anything that would tie a time to a
response (docs/dev/dangerous-constructs.md): the link export is recorded as a
count per round, not as a list of links.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

ACTION_CHOICES = [
    ("links-exported", _("Svarlenker eksportert")),
    ("responses-exported", _("Svar eksportert")),
    ("password-set", _("Passord satt av administrator")),
    ("user-created", _("Bruker opprettet i teknisk administrasjon")),
    ("user-changed", _("Bruker endret i teknisk administrasjon")),
    ("user-deleted", _("Bruker slettet i teknisk administrasjon")),
    ("privileges-changed", _("Administratorrettigheter endret")),
    ("role-changed", _("Rolle endret")),
    ("email-changed", _("E-postadresse endret")),
    ("access-granted", _("Innlogging gitt")),
    ("letters-printed", _("Brev med kode laget")),
    ("api-token-created", _("API-nøkkel laget")),
    ("api-token-revoked", _("API-nøkkel trukket tilbake")),
]


class AuditEntry(models.Model):
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    # The name is kept beside the key: the entry must outlive the actor's account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utført av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("brukernavn"), max_length=150, blank=True)
    action = models.CharField(_("handling"), max_length=32, choices=ACTION_CHOICES)
    target = models.CharField(_("gjelder"), max_length=300, blank=True)
    detail = models.TextField(_("detaljer"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("revisjonsoppføring")
        verbose_name_plural = _("revisjonslogg")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target}"
