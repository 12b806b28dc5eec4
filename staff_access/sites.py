"""Django admin as staff reach it: no page of it before both the password and the second factor."""

from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.cache import never_cache

from staff_access.devices import is_enrolled


def awaiting_second_factor(user):
    """A staff member who has given the password but not yet the code."""
    return user.is_authenticated and user.is_active and user.is_staff and not user.is_verified()


class StaffAdminSite(admin.AdminSite):
    """Admin that refuses a session without the second factor, as django-otp's OTPAdminSite does.

    The site itself refuses, in ``has_permission``, for every view it serves: nothing
    depends on the request's path, which a forwarded header can change. A staff member
    half signed in is sent on to the code step (or to set one up) rather than back to the
    password form, and may still sign out.
    """

    def has_permission(self, request):
        return super().has_permission(request) and request.user.is_verified()

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)
        signing_out = view == self.logout

        def second_factor_first(request, *args, **kwargs):
            if awaiting_second_factor(request.user):
                if signing_out:
                    return view(request, *args, **kwargs)
                step = "staff_access:verify" if is_enrolled(request.user) else "staff_access:enrol"
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
            return guarded(request, *args, **kwargs)

        return update_wrapper(never_cache(second_factor_first), guarded)
