"""Filters for a page's <head>: its title as a search result shows it, and its JSON-LD
block. They render only: the structured data itself is built in pages/seo.py."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data):
    """Render a dict as a JSON-LD block (data for search engines, never executed)."""
    # Letters as they are (not \u00e1): gzip then matches them with the same words on the page.
    payload = json.dumps(data, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False)
    payload = payload.translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - escaped above


# Search results show about 60 characters of a title; past that the site's name is cut.
TITLE_LIMIT = 60


@register.filter
def document_title(title, site_name):
    """The page's title followed by the site's name, when both fit in a search result."""
    if not title:
        return site_name
    full = f"{title} | {site_name}"
    return full if len(full) <= TITLE_LIMIT else title
