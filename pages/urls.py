from django.urls import path
from django.views.generic import TemplateView

from pages import registry, views

app_name = "pages"

urlpatterns = [
    # One route per site page in the registry: a new page is a template and an entry.
    *(
        path(page.path, views.SitePageView.as_view(url_name=page.url_name), name=page.url_name)
        for page in registry.SITE_PAGES
    ),
    path("blog/<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("services/<slug:slug>/", views.ServiceView.as_view(), name="service"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Browsers and phones ask for these at the root whatever the page says.
    path("favicon.ico", views.root_icon, {"name": "img/favicon.ico"}, name="favicon"),
    path("apple-touch-icon.png", views.root_icon, {"name": "img/apple-touch-icon.png"}, name="touch_icon"),
    path("healthz", views.health_check, name="healthz"),
]
