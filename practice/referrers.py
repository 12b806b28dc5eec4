"""Where a visitor came from, as far as this site may know it: host names and its own paths."""

from urllib.parse import urlsplit

from django.conf import settings


def site_hosts(request):
    """This site's own host names (only called once Django has accepted the Host header)."""
    hosts = {urlsplit(settings.SITE_URL).hostname, request.get_host().rsplit(":", 1)[0]}
    return {host.lower() for host in hosts if host}


def referring_host(request):
    """The host name of the page that linked here, lower-cased, or ""."""
    return (urlsplit(request.META.get("HTTP_REFERER", "")).hostname or "").lower()


def internal_referrer_path(request):
    """The path of the page on this site the visitor came from, or ""."""
    referrer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if (
        referrer.hostname
        and referrer.hostname.lower() in site_hosts(request)
        and referrer.path.startswith("/")
    ):
        return referrer.path[:200]
    return ""
