"""The author's side of the welcome mail: write it, preview it, test it, switch it on."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from blog.models import Article
from blog.uploads import StaffUploadingWidget
from newsletter import rendering, services
from newsletter.edition_admin import MailPreviewMixin, send_test_mail
from newsletter.models import WelcomeMail


class WelcomeMailAdminForm(forms.ModelForm):
    class Meta:
        model = WelcomeMail
        fields = ["subject", "body", "articles", "active"]
        widgets = {"body": StaffUploadingWidget()}


@admin.register(WelcomeMail)
class WelcomeMailAdmin(MailPreviewMixin, admin.ModelAdmin):
    form = WelcomeMailAdminForm
    missing = "Diese Willkommensmail gibt es nicht."
    change_form_template = "admin/newsletter/welcomemail/change_form.html"
    list_display = ["subject", "active", "updated_at"]
    autocomplete_fields = ["articles"]  # searches all articles; only published ones validate

    def has_add_permission(self, request):
        # One welcome mail: with two, nobody could tell which one goes out. Every admin page
        # asks (the sidebar's "add" link), so once per request.
        if not super().has_add_permission(request):
            return False
        if not hasattr(request, "welcome_mail_exists"):
            request.welcome_mail_exists = WelcomeMail.objects.exists()
        return not request.welcome_mail_exists

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "articles":
            kwargs["queryset"] = Article.objects.published().order_by("-published_at")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def mail_content(self, welcome):
        return rendering.welcome_content(welcome)

    # The test button saves first, so the test mail always shows what is saved.
    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        if "_send_test" not in request.POST:
            return None
        send_test_mail(self, request, services.welcome_send_test, welcome=obj)
        return HttpResponseRedirect(reverse("admin:newsletter_welcomemail_change", args=[obj.pk]))
