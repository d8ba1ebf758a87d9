"""``{% url %}`` with its answers remembered (issue 14).

Django's ``reverse()`` walks the namespace tree, rebuilds the candidate path and checks it
against the pattern's regular expression on every call: about 25 µs each on this machine type.
A notebook page with 200 items renders ``{% url %}`` 79 times, so a third of its template time
went to working out the same links again on every view.

This library is a template builtin (``TEMPLATES[0]["OPTIONS"]["builtins"]`` in settings), so its
``url`` tag replaces Django's in every template without a ``{% load %}``.  It parses exactly as
Django's tag does and differs in one thing: the result of ``reverse()`` is kept in a bounded
LRU cache keyed by everything the result depends on — the view name, the arguments, the
current app, the URLconf, the script prefix and the active language.  Only arguments whose text
form is fixed (str, int, UUID) are cached; anything else goes to ``reverse()`` each time, and a
failed reversal is never cached.  What is kept is a path such as ``/notebook/strengths/<uuid>/``:
no content, nothing sealed.
"""

from __future__ import annotations

import uuid
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

_CACHEABLE = (str, int, uuid.UUID)


@lru_cache(maxsize=8192)
def _reverse(view_name, args: tuple, kwargs: tuple, current_app, urlconf, prefix, language) -> str:
    return reverse(view_name, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app)


def cached_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    kwargs = kwargs or {}
    values = (*args, *kwargs.values())
    if not isinstance(view_name, str) or not all(isinstance(v, _CACHEABLE) for v in values):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reverse(view_name, tuple(args), tuple(sorted(kwargs.items())), current_app, get_urlconf(),
                    get_script_prefix(), get_language())


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:  # tests that swap the URLconf or the script name
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME", "LANGUAGES", "LANGUAGE_CODE"}:
        _reverse.cache_clear()


class CachedURLNode(defaulttags.URLNode):
    def render(self, context):
        from django.urls import NoReverseMatch

        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:  # exactly as Django's own tag picks it
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)
