from django.urls import reverse

from pages.sitemaps import PublicSitemap


class AppointmentSitemap(PublicSitemap):
    def items(self):
        return ["appointments:request"]

    def location(self, url_name):
        return reverse(url_name)
