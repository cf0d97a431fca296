"""The author's side of the welcome mail: write it, preview it, test it, switch it on."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse

from blog.models import Article
from blog.uploads import StaffUploadingWidget
from newsletter import rendering, services
from newsletter.edition_admin import personal_preview, send_test_mail
from newsletter.models import WelcomeMail


class WelcomeMailAdminForm(forms.ModelForm):
    class Meta:
        model = WelcomeMail
        fields = ["subject", "body", "articles", "active"]
        widgets = {"body": StaffUploadingWidget()}


@admin.register(WelcomeMail)
class WelcomeMailAdmin(admin.ModelAdmin):
    form = WelcomeMailAdminForm
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

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/vorschau/",
                wrap(self.preview_view),
                name="newsletter_welcomemail_preview",
            ),
            path(
                "<path:object_id>/vorschau/text/",
                wrap(self.preview_text_view),
                name="newsletter_welcomemail_preview_text",
            ),
            *super().get_urls(),
        ]

    def _preview(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        welcome = self.get_object(request, object_id)
        if welcome is None:
            raise Http404("Diese Willkommensmail gibt es nicht.")
        return personal_preview(rendering.welcome_content(welcome), request.user)

    def preview_view(self, request, object_id):
        _text, html = self._preview(request, object_id)
        return HttpResponse(html)

    def preview_text_view(self, request, object_id):
        text, _html = self._preview(request, object_id)
        return HttpResponse(text, content_type="text/plain; charset=utf-8")

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
