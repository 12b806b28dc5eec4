from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from appointments.sitemaps import AppointmentSitemap
from pages.sitemaps import sitemaps as page_sitemaps

sitemaps = {**page_sitemaps, "appointments": AppointmentSitemap}

urlpatterns = [
    path("", include("pages.urls")),
    path("", include("appointments.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    # Before admin's own URLs, whose catch-all would take these paths for an app's.
    path(settings.ADMIN_URL + "second-factor/", include("staff_access.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler500 = "pages.views.server_error"
