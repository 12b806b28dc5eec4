"""The public appointment request form and its thank-you page."""

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import CreateView, TemplateView
from django_ratelimit.core import is_ratelimited

from appointments import notifications
from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from appointments.signals import appointment_request_received
from pages.seo import Crumb, PublicPageMixin
from practice.referrers import internal_referrer_path

logger = logging.getLogger(__name__)

SESSION_REFERENCE_KEY = "appointment_reference"

# Two counts per client address. Stored requests are what APPOINTMENT_RATE_LIMIT
# bounds, so a patient's own typos never use it up; posts that store nothing
# (mistakes, expired or repeated forms) have a far higher ceiling of their own,
# against scripted probing.
STORED_REQUESTS = {
    "group": "appointment-request",
    "key": "ip",
    "rate": lambda group, request: settings.APPOINTMENT_RATE_LIMIT,
    "method": "POST",
}
UNSTORED_POSTS = {
    "group": "appointment-request-unstored",
    "key": "ip",
    "rate": lambda group, request: settings.APPOINTMENT_INVALID_RATE_LIMIT,
    "method": "POST",
}

EXPIRED_NOTICE = _("This form was open a long time; please check and send it again.")
SENT_BEFORE_NOTICE = _(
    "This form has already been sent. To send these details as a new request, "
    "please check them and send the form again."
)


@method_decorator(never_cache, name="dispatch")
# Whatever goes wrong, error reports never show what the patient typed.
@method_decorator(sensitive_post_parameters(), name="dispatch")
class AppointmentRequestView(PublicPageMixin, CreateView):
    form_class = AppointmentRequestForm
    template_name = "appointments/request_form.html"
    success_url = reverse_lazy("appointments:thanks")
    # Not PUT, which Django's form views would otherwise treat as a POST.
    http_method_names = ["get", "head", "post", "options"]
    page_title = _("Request an appointment")
    page_description = _(
        "Request an appointment with Pain Management Associates LLC in Greenbelt, MD. "
        "Tell us how to reach you and our front desk will contact you."
    )
    breadcrumb_label = _("Request an appointment")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            promise=notifications.response_promise(),
            # The blank form is cached once per release and language.
            release=settings.RELEASE_FINGERPRINT,
            **kwargs,
        )

    def get_initial(self):
        return {"came_from": internal_referrer_path(self.request)}

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        if form.is_valid() and not form.token_expired():
            return self.form_valid(form)
        if form.token_expired():
            form.renew_token()
        notice = EXPIRED_NOTICE if form.is_valid() else ""
        return self.form_back(form, notice=notice)

    def form_back(self, form, notice=""):
        """The form again, with everything typed, counted against the higher ceiling."""
        if is_ratelimited(self.request, increment=True, **UNSTORED_POSTS):
            return self.refuse(form)
        return self.render_to_response(self.get_context_data(form=form, notice=notice))

    def refuse(self, form):
        logger.warning("Appointment request refused: rate limit reached")
        context = self.get_context_data(form=form, refused=True)
        return self.render_to_response(context, status=429)

    def form_valid(self, form):
        token = form.submission_token()
        earlier = token and AppointmentRequest.objects.filter(submission_token=token).first()
        if earlier:
            return self.sent_before(form, earlier)
        # Counted before it is stored, in one step (Redis INCR, or a locked row): posts
        # arriving together cannot all pass a check that counts them only afterwards.
        if is_ratelimited(self.request, increment=True, **STORED_REQUESTS):
            return self.refuse(form)
        signal = form.spam_signal()
        appointment_request = form.save(commit=False)
        appointment_request.language = get_language()
        appointment_request.is_suspected_spam = bool(signal)
        appointment_request.spam_signal = signal
        appointment_request.submission_token = token
        appointment_request.acknowledgement_due = (
            settings.APPOINTMENT_ACKNOWLEDGE_PATIENT and bool(appointment_request.email) and not signal
        )
        stored = store(appointment_request)
        if stored is not appointment_request:
            # The same form, sent a moment earlier, got there first.
            return self.sent_before(form, stored)
        self.object = stored
        if not signal:
            appointment_request_received.send(
                sender=AppointmentRequest, came_from=form.cleaned_data["came_from"]
            )
            logger.info("Appointment request %s stored", stored.reference)
        else:
            logger.info("Appointment request %s stored as suspected spam (%s)", stored.reference, signal)
        # Only this browser session learns the reference: it is the one that sent it.
        self.request.session[SESSION_REFERENCE_KEY] = stored.reference
        return redirect(self.success_url)

    def sent_before(self, form, earlier):
        """A token is accepted once. The same form sent again (a double click, a resent
        POST) goes to the thank-you page, which shows a reference only to the session
        that stored it; different details under a used token come back to be sent anew.
        """
        if not form.matches(earlier):
            form.renew_token()
            return self.form_back(form, notice=SENT_BEFORE_NOTICE)
        if is_ratelimited(self.request, increment=True, **UNSTORED_POSTS):
            return self.refuse(form)
        return redirect(self.success_url)


def store(appointment_request):
    """Save a new request, then notify staff once the row is safely committed.

    A resubmission of the same form (double click, resent POST) returns the request
    already stored. A clash of random references, however unlikely, draws a new one.
    """
    for _attempt in range(5):
        try:
            with transaction.atomic():
                appointment_request.save()
                if not appointment_request.is_suspected_spam:
                    transaction.on_commit(partial(notifications.notify, appointment_request.pk))
            return appointment_request
        except IntegrityError:
            token = appointment_request.submission_token
            earlier = token and AppointmentRequest.objects.filter(submission_token=token).first()
            if earlier:
                return earlier
            appointment_request.pk = None
            appointment_request.reference = AppointmentRequest._meta.get_field("reference").get_default()
    raise RuntimeError("Could not store the appointment request")


@method_decorator(never_cache, name="dispatch")
class ThanksView(PublicPageMixin, TemplateView):
    template_name = "appointments/thanks.html"
    page_title = _("Thank you: we have your request")
    page_description = _(
        "Your appointment request reached Pain Management Associates LLC. Here is what happens next."
    )
    breadcrumb_label = _("Request sent")
    # Reached only after sending the form: nothing for search engines to list.
    indexable = False

    def get_breadcrumbs(self):
        return [
            Crumb(_("Home"), reverse("pages:home")),
            Crumb(_("Request an appointment"), reverse("appointments:request")),
            Crumb(_("Request sent"), self.request.path),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reference=self.request.session.get(SESSION_REFERENCE_KEY),
            promise=notifications.response_promise(),
            **kwargs,
        )
