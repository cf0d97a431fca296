from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path

from stats.models import Count


@admin.register(Count)
class StatisticsEntry(admin.ModelAdmin):
    """Puts "Lesestatistik" on the admin's desk; the page itself is /admin/statistik/."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "",
                self.admin_site.admin_view(self.dashboard_redirect),
                name=f"{opts.app_label}_{opts.model_name}_changelist",
            )
        ]

    def dashboard_redirect(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return redirect("stats-dashboard")

    def has_module_permission(self, request):
        return request.user.has_perm("stats.view_statistics")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("stats.view_statistics")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
