"""Counts views of public pages on the server: no cookie, no address, no browser details."""

import re

from django.conf import settings

from analytics import counter
from analytics.models import TrafficSource
from practice.referrers import referring_host, site_hosts

# A name worth keeping: what campaign tags and host names look like, nothing longer.
# It leaves out whatever could be a person's (an e-mail address, free text).
PLAIN_NAME = re.compile(r"[a-z0-9._-]{1,40}")

# Clients that say they are programs, not people.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|uptime|pingdom|lighthouse|headless|"
    r"curl|wget|python|httpx|go-http|java/|libwww|scrapy|facebookexternalhit",
    re.IGNORECASE,
)


def plain_name(name):
    """The name if it is plain enough to keep, else the shared "(other)"."""
    return name if PLAIN_NAME.fullmatch(name) else counter.OTHER


def traffic_sources(request):
    """Where this visit came from: the other site's host name, and any utm_source."""
    sources = []
    host = referring_host(request)
    if host and host not in site_hosts(request):
        sources.append((TrafficSource.Kind.REFERRER, plain_name(host)))
    # Most visits carry no query string: don't parse one unless a tag may be there.
    campaign = ""
    if "utm_source" in request.META.get("QUERY_STRING", ""):
        campaign = request.GET.get("utm_source", "").strip().lower()
    if campaign:
        sources.append((TrafficSource.Kind.CAMPAIGN, plain_name(campaign)))
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
            # The path the site resolved, not one a forwarded SCRIPT_NAME could lengthen.
            counter.count_view(request.path_info[:200], traffic_sources(request))
        return response

    def is_counted(self, request, response):
        user_agent = request.META.get("HTTP_USER_AGENT", "")
        return (
            request.method == "GET"
            and response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(self.excluded_prefixes)
            and user_agent
            and not BOT_USER_AGENT.search(user_agent)
            and not wants_no_tracking(request)
        )
