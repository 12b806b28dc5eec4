"""The public appointment request form and its thank-you page."""

import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import CreateView, TemplateView
from django_ratelimit.decorators import ratelimit

from appointments import notifications
from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from appointments.signals import appointment_request_received
from pages.seo import Crumb, PublicPageMixin
from practice.referrers import internal_referrer_path

logger = logging.getLogger(__name__)

SESSION_REFERENCE_KEY = "appointment_reference"


def _rate_limit(group, request):
    return settings.APPOINTMENT_RATE_LIMIT


@method_decorator(never_cache, name="dispatch")
# Whatever goes wrong, error reports never show what the patient typed.
@method_decorator(sensitive_post_parameters(), name="dispatch")
@method_decorator(
    ratelimit(group="appointment-request", key="ip", rate=_rate_limit, method="POST", block=False),
    name="dispatch",
)
class AppointmentRequestView(PublicPageMixin, CreateView):
    form_class = AppointmentRequestForm
    template_name = "appointments/request_form.html"
    success_url = reverse_lazy("appointments:thanks")
    # Not PUT, which Django's form views would otherwise treat as a POST.
    http_method_names = ["get", "head", "post", "options"]
    page_title = "Request an appointment"
    page_description = (
        "Request an appointment with Pain Management Associates LLC in Greenbelt, MD. "
        "Tell us how to reach you and our front desk will contact you."
    )
    breadcrumb_label = "Request an appointment"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            promise=settings.APPOINTMENT_RESPONSE_PROMISE, release=settings.RELEASE_FINGERPRINT, **kwargs
        )

    def get_initial(self):
        return {"came_from": internal_referrer_path(self.request)}

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            logger.warning("Appointment request refused: rate limit reached")
            return render(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        signal = form.spam_signal()
        appointment_request = form.save(commit=False)
        appointment_request.is_suspected_spam = bool(signal)
        appointment_request.spam_signal = signal
        appointment_request.submission_token = form.submission_token()
        appointment_request.acknowledgement_due = (
            settings.APPOINTMENT_ACKNOWLEDGE_PATIENT and bool(appointment_request.email) and not signal
        )
        self.object = stored = store(appointment_request)
        is_first_submission = stored is appointment_request
        if is_first_submission and not signal:
            appointment_request_received.send(
                sender=AppointmentRequest, came_from=form.cleaned_data["came_from"]
            )
        if signal:
            logger.info("Appointment request %s stored as suspected spam (%s)", stored.reference, signal)
        else:
            logger.info("Appointment request %s stored", stored.reference)
        self.request.session[SESSION_REFERENCE_KEY] = stored.reference
        return redirect(self.get_success_url())


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
    page_title = "Thank you: we have your request"
    page_description = (
        "Your appointment request reached Pain Management Associates LLC. Here is what happens next."
    )
    breadcrumb_label = "Request sent"
    # Reached only after sending the form: nothing for search engines to list.
    indexable = False

    def get_breadcrumbs(self):
        return [
            Crumb("Home", reverse("pages:home")),
            Crumb("Request an appointment", reverse("appointments:request")),
            Crumb("Request sent", self.request.path),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            reference=self.request.session.get(SESSION_REFERENCE_KEY),
            promise=settings.APPOINTMENT_RESPONSE_PROMISE,
            **kwargs,
        )
