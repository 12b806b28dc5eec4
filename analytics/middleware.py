"""Counts views of public pages on the server: no cookie, no address, no browser details."""

import re

from django.conf import settings

from analytics import counter
from analytics.models import TrafficSource
from practice.referrers import referring_host, site_hosts

# Clients that say they are programs, not people.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|uptime|pingdom|lighthouse|headless|"
    r"curl|wget|python|httpx|go-http|java/|libwww|scrapy|facebookexternalhit",
    re.IGNORECASE,
)
MAX_NAME = 100


def traffic_sources(request):
    """Where this visit came from: the other site's host name, and any utm_source."""
    sources = []
    host = referring_host(request)
    if host and host not in site_hosts(request):
        sources.append((TrafficSource.Kind.REFERRER, host[:MAX_NAME]))
    # Most visits carry no query string: don't parse one unless a tag may be there.
    campaign = ""
    if "utm_source" in request.META.get("QUERY_STRING", ""):
        campaign = request.GET.get("utm_source", "").strip().lower()
    if campaign:
        sources.append((TrafficSource.Kind.CAMPAIGN, campaign[:MAX_NAME]))
    return sources


def wants_no_tracking(request):
    return request.META.get("HTTP_SEC_GPC") == "1" or request.META.get("HTTP_DNT") == "1"


class PageViewCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded_prefixes = ("/" + settings.ADMIN_URL, settings.STATIC_URL, "/healthz")

    def __call__(self, request):
        response = self.get_response(request)
        if settings.ANALYTICS_ENABLED and self.is_counted(request, response):
            counter.count_view(request.path[:200], traffic_sources(request))
        counter.flush_if_due()
        return response

    def is_counted(self, request, response):
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        return (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path.startswith(self.excluded_prefixes)
            and user_agent
            and not BOT_USER_AGENT.search(user_agent)
            and not wants_no_tracking(request)
        )
