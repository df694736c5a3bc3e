"""A person's API keys: make one (its secret shown once), see them, revoke them.

The HMS adviser also sees everyone's keys and may revoke any of them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hjemmekontor.accounts.roles import is_admin, roles_of
from hjemmekontor.api.forms import TokenForm
from hjemmekontor.api.models import ApiToken
from hjemmekontor.api.tokens import do_create_token, do_revoke_token
from hjemmekontor.web.confirmation import confirmed


def _require_role(request: HttpRequest) -> None:
    if not roles_of(request.user):
        raise PermissionDenied


@login_required
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    _require_role(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = do_create_token(request.user, form.cleaned_data["name"])
        # Rendered, not redirected: the secret is in this response and nowhere else.
        return render(request, "api/token_created.html", {"token": token, "secret": secret})
    me = int(request.user.pk or 0)  # login_required: always a user
    own = ApiToken.objects.filter(user_id=me)
    others = (
        ApiToken.objects.exclude(user_id=me).select_related("user")
        if is_admin(request.user)
        else ApiToken.objects.none()
    )
    return render(request, "api/tokens.html", {"form": form, "own": own, "others": others})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    if token.user_id != request.user.pk and not is_admin(request.user):
        raise PermissionDenied
    if confirmed(request):
        do_revoke_token(token, request.user)
        messages.success(
            request, gettext("Nøkkelen «%(name)s» virker ikke lenger.") % {"name": token.name}
        )
    return redirect("api_tokens:list")
