"""The access log's rows for every staff page in admin that shows a patient's data.

A request's own page, its history and a past version each write one row. The pages that
show several requests write one row per request shown, all in one statement, saying
which kind of page it was: the list and its searches (by name, by phone digits), the
list of requests sharing a phone or email, the "Close selected" page and the delete
confirmations. (The CSV export writes its own, in appointments/export.py.) Admin's
autocomplete, which would answer a patient's name or phone with their requests as JSON,
outside any page, is off.
"""

from django.contrib.admin.utils import unquote

from appointments.models import AppointmentRequest, RequestAccess

Kind = RequestAccess.Kind

# Bulk actions that first show a page listing the requests chosen: where the page's
# context holds them, and what kind of page it is.
ACTION_PAGES = {
    "close_requests": ("requests", Kind.CLOSE),
    "delete_selected": ("queryset", Kind.DELETE),
}


class PatientDataLoggedMixin:
    """For the requests' ModelAdmin (first among its bases, so it logs what the others show)."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_access(request, object_id, response, Kind.PAGE)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_access(request, object_id, response, Kind.HISTORY)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_access(request, object_id, response, Kind.VERSION)
        return response

    def _record_access(self, request, object_id, response, kind):
        if response.status_code != 200:
            return
        obj = AppointmentRequest.objects.filter(pk=unquote(object_id)).first()
        if obj:
            RequestAccess.objects.create(
                appointment_request=obj, reference=obj.reference, user=request.user, kind=kind
            )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        shown, kind = shown_on(request, response)
        if shown:
            RequestAccess.record(request.user, shown, kind)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        shown = getattr(response, "context_data", None) or {}
        if request.method == "GET" and response.status_code == 200 and shown.get("object"):
            RequestAccess.record(request.user, [shown["object"]], Kind.DELETE)
        return response

    def get_search_fields(self, request):
        match = request.resolver_match
        if match is not None and match.url_name == "autocomplete":
            return ()
        return super().get_search_fields(request)


def shown_on(request, response):
    """The requests a changelist answer shows, and what kind of page it is."""
    context = getattr(response, "context_data", None)
    if response.status_code != 200 or not context:
        return [], None
    if "cl" in context:
        changelist = context["cl"]
        if changelist.query:
            kind = Kind.SEARCH
        elif "same_contact_as" in changelist.params:
            kind = Kind.RELATED
        else:
            kind = Kind.LIST
        return list(changelist.result_list), kind
    action = request.POST.get("action")
    if action in ACTION_PAGES:
        key, kind = ACTION_PAGES[action]
        return list(context.get(key, ())), kind
    return [], None
