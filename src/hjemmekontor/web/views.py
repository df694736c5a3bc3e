"""Pages every visitor shares: the start page, the privacy notice, the accessibility
statement and a health check."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from hjemmekontor.accounts.roles import person_for, roles_of
from hjemmekontor.hms.duties import duties_of
from hjemmekontor.surveys.links import token_for
from hjemmekontor.surveys.models import Invitation
from hjemmekontor.web.accessibility import statement
from hjemmekontor.web.language import page_language


def home(request: HttpRequest) -> HttpResponse:
    person = person_for(request.user)
    pending = []
    if person is not None:
        now = timezone.now()
        for invitation in (
            Invitation.objects.filter(person=person, answered=False, round__opens_at__lte=now)
            .select_related("round")
            .order_by("round__closes_at", "kind")
        ):
            if invitation.round.is_open(now):
                pending.append((invitation, token_for(invitation.public_id)))
    return render(
        request,
        "web/home.html",
        {
            "person": person,
            "pending": pending,
            "user_roles": roles_of(request.user),
            "duties": duties_of(request.user),
        },
    )


def privacy(request: HttpRequest) -> HttpResponse:
    template = f"web/privacy_{page_language()}.html"
    return render(request, template)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/accessibility.html",
        {"statement": statement(), "contact": settings.ACCESSIBILITY_CONTACT},
    )


def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
