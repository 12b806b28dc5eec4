from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from appointments.sitemaps import AppointmentSitemap
from pages import views as pages_views
from pages.sitemaps import sitemaps as page_sitemaps

sitemaps = {**page_sitemaps, "appointments": AppointmentSitemap}

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers and phones ask for these at the root whatever the page says.
    path("favicon.ico", pages_views.root_icon, {"name": "img/favicon.ico"}, name="favicon"),
    path(
        "apple-touch-icon.png", pages_views.root_icon, {"name": "img/apple-touch-icon.png"}, name="touch_icon"
    ),
    path("healthz", pages_views.health_check, name="healthz"),
    # Before admin's own URLs, whose catch-all would take these paths for an app's.
    path(settings.ADMIN_URL + "second-factor/", include("staff_access.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# What patients read and send, in English at the root and in Spanish under /es/.
urlpatterns += i18n_patterns(
    path("", include("pages.urls")),
    path("", include("appointments.urls")),
    prefix_default_language=False,
)

handler400 = "pages.views.bad_request"
handler403 = "pages.views.permission_denied"
handler500 = "pages.views.server_error"
