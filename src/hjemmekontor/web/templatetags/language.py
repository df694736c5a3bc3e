"""``{{ instrument.title|in_page_language }}``: see :mod:`hjemmekontor.web.language`."""

from __future__ import annotations

from django import template

from hjemmekontor.web import language

register = template.Library()
register.filter("in_page_language", language.in_page_language)
