"""Pieces shared by the apps' admin classes."""


class ReadOnlyAdminMixin:
    """Staff may look but not add, change or delete: for logs and counts the site keeps."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
