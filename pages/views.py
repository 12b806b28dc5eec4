"""Public pages: the site pages, the articles and the treatments, all from the registry."""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseServerError,
)
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from pages import faq, registry, reviews
from pages.seo import Crumb, PageMeta, PublicPageMixin, article_graph, service_graph, site_page_graph
from practice.clinic import Clinic
from practice.staff_errors import staff_permission_denied

logger = logging.getLogger(__name__)


def localized(template):
    """A page's template in the active language: Spanish words live under ``es/``."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return template if language == settings.LANGUAGE_CODE else f"{language}/{template}"


class SitePageView(PublicPageMixin, TemplateView):
    """A page with a fixed URL; its title, description and template come from the registry."""

    url_name = None

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = registry.get_site_page(self.url_name)
        self.page_title = self.page.title
        self.page_description = self.page.description
        self.breadcrumb_label = self.page.breadcrumb
        self.schema_page_type = self.page.schema_type

    def get_template_names(self):
        return [localized(self.page.template)]

    def get_structured_data(self, meta, crumbs):
        return site_page_graph(
            self.page, url=self.request.path, meta=meta, page_type=self.schema_page_type, crumbs=crumbs
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=self.page,
            articles=registry.ARTICLES,
            services=registry.SERVICES,
            conditions=registry.CONDITIONS,
            questions=faq.QUESTIONS,
            # The privacy notice states how long requests and visit counts are kept.
            retention_days=settings.APPOINTMENT_RETENTION_DAYS,
            spam_retention_days=settings.APPOINTMENT_SPAM_RETENTION_DAYS,
            analytics_retention_days=settings.ANALYTICS_RETENTION_DAYS,
            **kwargs,
        )


class RegistryEntryView(PublicPageMixin, TemplateView):
    """A page for one registry entry (an article or a service), found by its slug."""

    schema_page_type = "MedicalWebPage"
    lookup = None  # the registry function that finds an entry by the slug in its URL
    # The trail's middle crumb: the index the entry belongs to.
    index_label = index_url_name = ""

    key_lookup = None  # the registry function that finds an entry by its English key

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = self.lookup(kwargs["slug"])
        self.moved_to = None
        if self.entry is None:
            # The English slug under another language's path: the page's own address there.
            self.entry = self.key_lookup(kwargs["slug"])
            if self.entry is None:
                raise Http404("No such page")
            self.moved_to = self.entry.get_absolute_url()
        # A medical review counts only for the words it saw (pages/reviews.py).
        # It was of the English words: a translation makes no claim until one is recorded for it.
        self.review = reviews.current_review(self.entry) if translation.get_language() == "en" else None

    def get(self, request, *args, **kwargs):
        if self.moved_to:
            return redirect(self.moved_to, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        return [localized(self.entry.template)]

    def get_path_in(self, language):
        with translation.override(language):
            return self.entry.get_absolute_url()

    def get_breadcrumbs(self):
        return [
            Crumb(_("Home"), reverse("pages:home")),
            Crumb(self.index_label, reverse(self.index_url_name)),
            Crumb(self.entry.title, self.request.path),
        ]


class ArticleView(RegistryEntryView):
    lookup, key_lookup = staticmethod(registry.article_at), staticmethod(registry.get_article)
    index_label, index_url_name = _("Articles"), "pages:article_index"

    @property
    def article(self):
        return self.entry

    def get_page_meta(self):
        return PageMeta(
            title=self.article.title,
            description=self.article.description,
            og_type="article",
            published=self.article.published,
            modified=self.article.updated,
        )

    def get_structured_data(self, meta, crumbs):
        return article_graph(
            self.article,
            self.review,
            url=self.request.path,
            meta=meta,
            page_type=self.schema_page_type,
            crumbs=crumbs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(article=self.article, review=self.review, **kwargs)


class ServiceView(RegistryEntryView):
    lookup, key_lookup = staticmethod(registry.service_at), staticmethod(registry.get_service)
    index_label, index_url_name = _("Treatments"), "pages:service_index"

    @property
    def service(self):
        return self.entry

    def get_page_meta(self):
        return PageMeta(title=self.service.title, description=self.service.description)

    def get_structured_data(self, meta, crumbs):
        return service_graph(
            self.service,
            self.review,
            url=self.request.path,
            meta=meta,
            page_type=self.schema_page_type,
            crumbs=crumbs,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(service=self.service, review=self.review, **kwargs)


def root_icon(request, name):
    """An icon browsers ask for at the site's root, served from the static files.

    Read through the finders, so it works whether or not static files were collected;
    the page cache keeps it after the first request.
    """
    path = finders.find(name)
    if path is None:
        raise Http404("No such icon")
    content_type = "image/x-icon" if name.endswith(".ico") else "image/png"
    return HttpResponse(Path(path).read_bytes(), content_type=content_type)


@never_cache
def health_check(request):
    """200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def server_error(request):
    """The 500 page, with the practice's phone number but without context processors.

    Django's own handler renders with no request context; ours adds the clinic's
    facts directly from settings, which cannot themselves fail mid-request.
    """
    return _error_page("500.html", HttpResponseServerError)


def _error_page(template_name, response_class, **context):
    template = loader.get_template(template_name)
    return response_class(template.render({"clinic": Clinic.from_settings(), **context}))


def bad_request(request, exception):
    return _error_page("400.html", HttpResponseBadRequest)


def permission_denied(request, exception):
    if request.path.startswith("/" + settings.ADMIN_URL):
        return staff_permission_denied(request)
    return _error_page("403.html", HttpResponseForbidden)


def csrf_failure(request, reason=""):
    """A stale or missing form token: tell the person to go back and send again.

    Nothing that reached the server before is lost; this request is simply refused.
    """
    return _error_page("403_csrf.html", HttpResponseForbidden)
