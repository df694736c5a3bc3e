"""The confirmation a destructive button asks for, without JavaScript.

A danger form carries a required checkbox (``web/_confirm.html``); the browser
will not send the form unticked, and the view checks it again (a form sent
another way, or by an old page, changes nothing).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

__all__ = ["confirmed"]


def confirmed(request: HttpRequest) -> bool:
    """Whether the person ticked the form's confirmation; if not, tell them."""
    if request.POST.get("confirm") == "yes":
        return True
    messages.error(request, gettext("Kryss av for å bekrefte først. Ingenting er endret."))
    return False
