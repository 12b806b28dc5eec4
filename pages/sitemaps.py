from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from pages import registry


class PublicSitemap(Sitemap):
    """A sitemap whose links use the public site URL, whatever host the request came to.

    Each page is listed in English and in Spanish, each naming the other (and English as
    the default) as its alternates.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme


class SitePageSitemap(PublicSitemap):
    def items(self):
        return registry.SITE_PAGES

    def lastmod(self, page):
        return page.updated


class ArticleSitemap(PublicSitemap):
    def items(self):
        return registry.ARTICLES

    def lastmod(self, article):
        return article.updated


class ServiceSitemap(PublicSitemap):
    def items(self):
        return registry.SERVICES

    def lastmod(self, service):
        return service.updated


sitemaps = {"pages": SitePageSitemap, "articles": ArticleSitemap, "services": ServiceSitemap}
