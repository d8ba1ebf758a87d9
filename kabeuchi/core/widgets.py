"""Form widgets shared by the apps."""

from __future__ import annotations

from django import forms
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _


class LimitedTextarea(forms.Textarea):
    """A textarea that never cuts what the person wrote.

    A browser silently drops whatever goes past ``maxlength`` (a long paste loses its end) and
    the form then says "saved".  So the limit is not given to the browser: it is said beside
    the field before anyone types, ``static/kabeuchi/app.js`` shows a live count near it, and a
    text over it comes back from the server with the form's message and every character kept.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        limit = widget_attrs.pop("maxlength", None)
        if limit is not None:
            widget_attrs["data-max-chars"] = limit
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        limit = self.attrs.get("maxlength")
        if limit is None:
            return html
        field_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        limit = int(limit)
        return html + format_html(
            '<p class="help char-limit" id="{}_limit" data-for="{}" data-max="{}" data-near="{}" data-over="{}" '
            'aria-live="polite">{}</p>',
            field_id,
            field_id,
            limit,
            # %(count)s, %(max)s, %(left)s, %(over)s are filled in by app.js as the person types
            _("%(count)s of %(max)s characters (%(left)s left)."),
            _("%(count)s of %(max)s characters: %(over)s too many. Please shorten it; nothing is cut off."),
            _("Up to %(max)s characters.") % {"max": number_format(limit, force_grouping=True)},
        )
