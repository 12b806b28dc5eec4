"""Small pieces of request handling that belong to the whole site."""

from django.conf import settings
from django.middleware.cache import UpdateCacheMiddleware
from django.template.loader import render_to_string
from django.utils import translation

from practice.clinic import Clinic


class LanguageFromURLMiddleware:
    """The URL is the language: a page under ``/es/`` is in Spanish, any other in English.

    Unlike Django's LocaleMiddleware, nothing else is looked at (no cookie, no
    Accept-Language, no redirect), so a link always opens in the language it names and a
    cached page is the same for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread goes back to the language it had.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


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


class UpdatePublicPageCacheMiddleware(UpdateCacheMiddleware):
    """Django's page cache, refusing any response that sets a cookie.

    A cookie is someone's own (a session, a CSRF token): a cached copy would hand it
    to every later visitor.
    """

    def process_response(self, request, response):
        if response.cookies:
            return response
        return super().process_response(request, response)


class StaffSessionActivityMiddleware:
    """Each admin request by a signed-in staff member restarts the idle timer.

    Only admin requests: saving every visitor's session on every page would be
    wasted writes, and public pages are served from the cache anyway. Admin is known by
    the path the URLs are resolved from (``path_info``), which no forwarded header moves.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.admin_prefix) and request.user.is_authenticated:
            request.session.modified = True
        return self.get_response(request)
