"""No admin page for a staff session that has given only a password."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from staff_access.devices import is_enrolled

# The pages a half-signed-in staff member may see: none of them shows patient data.
OPEN_BEFORE_SECOND_FACTOR = {
    "admin:login",
    "admin:logout",
    "staff_access:verify",
    "staff_access:enrol",
}


class SecondFactorRequiredMiddleware:
    """Sends a staff member who has not given the second factor to give it (or enrol) first.

    Runs after django-otp's OTPMiddleware, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(self.admin_prefix):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff) or user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        step = "staff_access:verify" if is_enrolled(user) else "staff_access:enrol"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
