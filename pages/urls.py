from django.urls import path
from django.utils.translation import pgettext_lazy

from pages import registry, views

app_name = "pages"

urlpatterns = [
    # One route per site page in the registry: a new page is a template and an entry.
    *(
        path(
            pgettext_lazy("URL path", page.path) if page.path else "",
            views.SitePageView.as_view(url_name=page.url_name),
            name=page.url_name,
        )
        for page in registry.SITE_PAGES
    ),
    path(pgettext_lazy("URL path", "blog/<slug:slug>/"), views.ArticleView.as_view(), name="article"),
    path(pgettext_lazy("URL path", "services/<slug:slug>/"), views.ServiceView.as_view(), name="service"),
]
