"""The second sign-in step, the set-up code before enrolment, enrolment, and new recovery
codes: staff pages in admin's look."""

import logging
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView

from staff_access import code_lock, devices
from staff_access.forms import REFUSED, REFUSED_MESSAGE, CodeForm, SignInCodeForm

logger = logging.getLogger("staff_access")
# The sign-in log (practice.signins), where wrong passwords are logged too.
signin_logger = logging.getLogger("practice.signins")


def header_without_menus():
    """Admin's header, as a page shown before the second factor has it."""
    return {
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "site_url": admin.site.site_url,
        "has_permission": False,
        "is_nav_sidebar_enabled": False,
    }


@method_decorator(never_cache, name="dispatch")
class StaffStepMixin:
    """Signed-in staff only; admin's header without its menus; where to go afterwards."""

    title = ""
    # Until the second factor is given, admin's user links and app menu stay hidden.
    before_second_factor = True

    # Marked before any step's own dispatch runs: whatever fails in it, an error report
    # shows no typed code (a set-up code holds for days).
    @method_decorator(sensitive_post_parameters("code"))
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return super().dispatch(request, *args, **kwargs)

    def go_to_step(self, step):
        """Another step (a URL name) in place of this one, keeping this page's query (its ``next``)."""
        return redirect(f"{reverse(step)}?{self.request.GET.urlencode()}")

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return url
        return reverse("admin:index")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.before_second_factor:
            context.update(header_without_menus())
        else:
            context.update(admin.site.each_context(self.request))
        context.update(title=self.title, next=self.next_url())
        return context


class CodeStepMixin(StaffStepMixin):
    """A step that takes a code: closed while the person is locked out for wrong codes
    (``code_lock``) or for wrong passwords from this address (django-axes)."""

    def credentials(self):
        return {"username": self.request.user.get_username()}

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            wait = code_lock.time_left(user)
            if wait is not None:
                return self.locked_out_for_wrong_codes(wait)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not AxesProxyHandler.is_allowed(request, self.credentials()):
            return self.locked_out()
        return super().post(request, *args, **kwargs)

    def locked_out(self):
        credentials = self.credentials()
        logout(self.request)
        return get_lockout_response(self.request, None, credentials)

    def locked_out_for_wrong_codes(self, wait):
        """The half-made session ends, and the person is told for how long the step is closed."""
        logger.warning("Code step locked for %s after wrong codes", self.request.user.get_username())
        logout(self.request)
        context = {**header_without_menus(), "wrong_codes": True, "cooloff_timedelta": wait}
        response = render(self.request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
        add_never_cache_headers(response)
        return response

    def code_refused(self, form):
        """A wrong code (the form says so): counted for the person, and the step closes
        after too many."""
        user = self.request.user
        code_lock.record_wrong_code(user)
        signin_logger.warning("Sign-in failed for %s: wrong code", user.get_username())
        wait = code_lock.time_left(user)
        if wait is not None:
            return self.locked_out_for_wrong_codes(wait)
        return self.ask_again(form)

    def ask_again(self, form, message=None):
        # A code works once and changes every 30 seconds: the field starts empty again.
        form.data = form.data.copy()
        form.data["code"] = ""
        if message:
            form.add_error("code", message)
        return self.render_to_response(self.get_context_data(form=form))

    def code_accepted(self, device):
        # A new session key and CSRF token, as at the password step: whoever knew the ones
        # from before the code (a session planted in the browser, say) holds nothing now.
        self.request.session.cycle_key()
        rotate_token(self.request)
        django_otp.login(self.request, device)
        code_lock.clear(self.request.user)
        logger.info("Second factor given by %s", self.request.user.get_username())


class VerifyView(CodeStepMixin, FormView):
    """Each sign-in's second step; its form checks the code (forms.SignInCodeForm)."""

    template_name = "staff_access/verify.html"
    form_class = SignInCodeForm
    title = "Enter your sign-in code"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            if user.is_verified():
                return redirect(self.next_url())
            if not devices.is_enrolled(user):
                return self.go_to_step("staff_access:enrol")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        self.code_accepted(form.device)
        if form.device.name == devices.RECOVERY_CODES:
            logger.info("Recovery code used by %s", self.request.user.get_username())
        return redirect(self.next_url())

    def form_invalid(self, form):
        if form.has_error("code", REFUSED):
            return self.code_refused(form)
        return super().form_invalid(form)


class SetUpCodeView(CodeStepMixin, FormView):
    """Before enrolment: the set-up code a practice manager gave the person. A password
    alone (a stolen one) sets up no authenticator; a wrong code counts as any wrong code."""

    template_name = "staff_access/set_up_code.html"
    form_class = CodeForm
    title = "Enter your set-up code"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            if devices.has_authenticator(user):
                return self.go_to_step("staff_access:verify")
            if devices.may_set_up(request):
                return self.go_to_step("staff_access:enrol")
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["code"].label = "Set-up code"
        form.fields["code"].help_text = "12 letters and digits, for example abcd-efgh-jkmn."
        return form

    def get_context_data(self, **kwargs):
        return super().get_context_data(lasts_days=devices.SET_UP_CODE_LASTS.days, **kwargs)

    def form_valid(self, form):
        if not devices.accept_set_up_code(self.request, form.cleaned_data["code"]):
            form.add_error(
                "code",
                "That set-up code was not accepted. Check it, or ask your practice manager for a "
                f"new one (a code lasts {devices.SET_UP_CODE_LASTS.days} days).",
            )
            return self.code_refused(form)
        # Both the password and the manager's code: earlier mistyped set-up codes are forgiven.
        code_lock.clear(self.request.user)
        logger.info("Set-up code given by %s", self.request.user.get_username())
        return redirect(f"{reverse('staff_access:enrol')}?{urlencode({'next': self.next_url()})}")


class EnrolView(CodeStepMixin, FormView):
    """Setting up the authenticator app, for a session that gave the person's set-up code."""

    template_name = "staff_access/enrol.html"
    form_class = CodeForm
    title = "Set up your sign-in codes"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.is_staff:
            if devices.has_authenticator(user):
                return self.go_to_step("staff_access:verify")
            if not devices.may_set_up(request):
                return self.go_to_step("staff_access:set_up_code")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        if "codes" not in kwargs:
            # This session's own key: the same on a reload, never one another session showed.
            device = devices.authenticator_being_set_up(self.request) or devices.start_setting_up(
                self.request
            )
            kwargs.update(
                qr_code=devices.qr_code_data_uri(device),
                secret=devices.secret_text(device),
                account=self.request.user.get_username(),
            )
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        device = devices.authenticator_being_set_up(self.request)
        if device is None:
            # A set-up started elsewhere since this page was shown has voided its key.
            return self.ask_again(
                form,
                "That key is no longer in use: a set-up was started elsewhere. Add the new key "
                "below to the app, then enter the code it shows.",
            )
        codes = devices.confirm_authenticator(device, form.cleaned_data["code"])
        if codes is None:
            form.add_error("code", REFUSED_MESSAGE)
            return self.code_refused(form)
        self.request.session.pop(devices.AUTHENTICATOR_BEING_SET_UP)
        self.request.session.pop(devices.SET_UP_CODE_ACCEPTED, None)
        self.code_accepted(device)
        # The codes are shown this once, in the answer to the POST.
        self.title = RecoveryCodesView.title
        return render(self.request, RecoveryCodesView.template_name, self.get_context_data(codes=codes))


class RecoveryCodesView(StaffStepMixin, TemplateView):
    """How many recovery codes are left, and a new sheet on request (the old one stops working)."""

    template_name = "staff_access/recovery_codes.html"
    title = "Your recovery codes"
    before_second_factor = False

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.is_verified():
            return redirect("staff_access:verify")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            remaining=devices.remaining_recovery_codes(self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        codes = devices.issue_recovery_codes(request.user)
        logger.info("New recovery codes issued to %s", request.user.get_username())
        return self.render_to_response(self.get_context_data(codes=codes))
