"""The refusal a member of staff sees on a staff page they may not open.

A staff page refused (a practice manager's report, the access log) answers in the look
of the staff pages, with the way back to them, not with the public site's "call us".
"""

from django.contrib import admin
from django.template.response import TemplateResponse


def staff_permission_denied(request):
    context = {**admin.site.each_context(request), "title": "Not allowed"}
    response = TemplateResponse(request, "admin/403.html", context, status=403)
    return response.render()
