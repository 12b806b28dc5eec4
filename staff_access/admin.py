from django.contrib import admin
from django.template.response import TemplateResponse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_access.devices import SET_UP_CODE_LASTS, reset_second_factor
from staff_access.forms import SecondFactorResetForm
from staff_access.models import SecondFactorReset

# django-otp's own device pages would let devices be changed or deleted without a
# record; a reset below is the one way, and it is logged.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SecondFactorReset)
class SecondFactorResetAdmin(admin.ModelAdmin):
    """The practice manager resets a colleague's second factor here (a new colleague's too, to
    give them their first set-up code); each reset stays listed."""

    form = SecondFactorResetForm
    list_display = ["reset_at", "staff_member", "reset_by"]
    list_filter = ["reset_at"]
    search_fields = ["staff_member", "reset_by"]
    date_hierarchy = "reset_at"
    readonly_fields = ["staff_member", "reset_by", "reset_at"]

    def get_fields(self, request, obj=None):
        # Adding is choosing a colleague; a reset made is only read.
        return self.readonly_fields if obj else ["colleague"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)

        class FormForThisManager(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, current_user=request.user, **kwargs)

        return FormForThisManager

    def save_model(self, request, obj, form, change):
        record = reset_second_factor(form.cleaned_data["colleague"], reset_by=request.user.get_username())
        obj.pk, obj.staff_member, obj.reset_by, obj.reset_at = (
            record.pk,
            record.staff_member,
            record.reset_by,
            record.reset_at,
        )
        obj.set_up_code = record.set_up_code

    def response_add(self, request, obj, post_url_continue=None):
        return TemplateResponse(
            request,
            "admin/staff_access/secondfactorreset/set_up_code_issued.html",
            {
                **self.admin_site.each_context(request),
                "title": "Set-up code",
                "opts": self.opts,
                "record": obj,
                "set_up_code": obj.set_up_code,
                "lasts_days": SET_UP_CODE_LASTS.days,
            },
        )

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
