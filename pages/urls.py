from django.urls import path
from django.views.generic import TemplateView

from pages import views

app_name = "pages"

urlpatterns = [
    path("", views.SitePageView.as_view(url_name="home"), name="home"),
    path("blog/", views.SitePageView.as_view(url_name="article_index"), name="article_index"),
    path("blog/<slug:slug>/", views.ArticleView.as_view(), name="article"),
    path("services/", views.SitePageView.as_view(url_name="service_index"), name="service_index"),
    path("services/<slug:slug>/", views.ServiceView.as_view(), name="service"),
    path("about/", views.SitePageView.as_view(url_name="about"), name="about"),
    path("contact/", views.SitePageView.as_view(url_name="contact"), name="contact"),
    path("privacy/", views.SitePageView.as_view(url_name="privacy"), name="privacy"),
    path(
        "accessibility/",
        views.SitePageView.as_view(url_name="accessibility"),
        name="accessibility",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("healthz", views.health_check, name="healthz"),
]
