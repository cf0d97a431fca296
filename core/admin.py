"""Technical records in the admin: users, groups, sites, login records, task results.

The author works without them; only superusers see or change them, whatever permissions a
staff account holds (a staff member who may edit users could otherwise make herself a
superuser).
"""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


class SuperuserOnly:
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, *args):
        return request.user.is_superuser and super().has_view_permission(request, *args)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, *args):
        return request.user.is_superuser and super().has_change_permission(request, *args)

    def has_delete_permission(self, request, *args):
        return request.user.is_superuser and super().has_delete_permission(request, *args)


class UserAdmin(SuperuserOnly, auth_admin.UserAdmin):
    pass


class GroupAdmin(SuperuserOnly, auth_admin.GroupAdmin):
    pass


class TechnicalSiteAdmin(SuperuserOnly, SiteAdmin):
    pass


class TaskResultAdmin(SuperuserOnly, DBTaskResultAdmin):
    pass


class AccessAttemptAdmin(SuperuserOnly, axes_admin.AccessAttemptAdmin):
    actions = ["cleanup_expired_attempts"]

    # axes declares this action without a permission, yet it deletes records.
    @admin.action(description="Abgelaufene Versuche löschen", permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, f"{count} abgelaufene Anmeldeversuche gelöscht.")


class AccessLogAdmin(SuperuserOnly, axes_admin.AccessLogAdmin):
    pass


class AccessFailureLogAdmin(SuperuserOnly, axes_admin.AccessFailureLogAdmin):
    pass


for model, model_admin in [
    (User, UserAdmin),
    (Group, GroupAdmin),
    (Site, TechnicalSiteAdmin),
    (DBTaskResult, TaskResultAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
