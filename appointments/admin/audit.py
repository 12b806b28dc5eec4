"""The access log's rows for the staff pages that show several requests at once.

A request's own page, its history and the CSV export write theirs where they are served
(appointments.admin, appointments.export). The pages here show patients' names, phones
and emails too: the list and its searches (by name, by phone digits), the list of
requests sharing a phone or email, the "Close selected" page and the delete
confirmations. Each writes one access-log row per request it shows, all in one
statement, saying which kind of page it was. Admin's autocomplete, which would answer a
patient's name or phone with their requests as JSON, outside any page, is off.
"""

from appointments.models import RequestAccess

Kind = RequestAccess.Kind

# Bulk actions that first show a page listing the requests chosen: where the page's
# context holds them, and what kind of page it is.
ACTION_PAGES = {
    "close_requests": ("requests", Kind.CLOSE),
    "delete_selected": ("queryset", Kind.DELETE),
}


class PatientListsLoggedMixin:
    """For the requests' ModelAdmin: lists, searches and confirmation pages are logged."""

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
