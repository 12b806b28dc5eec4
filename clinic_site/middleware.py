"""Small pieces of request handling that belong to the whole site."""

from django.conf import settings
from django.template.loader import render_to_string

from clinic_site.clinic import Clinic


def client_ip(request):
    """The client address the site trusts: the one the proxy in front of it reports."""
    return request.META.get(settings.RATELIMIT_IP_META_KEY) or request.META.get("REMOTE_ADDR", "")


class PlainErrorPageMiddleware:
    """Gives Django's bodiless error responses (405 Method Not Allowed) a readable page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", {"clinic": Clinic.from_settings()})
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
