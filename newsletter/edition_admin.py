"""The author's side of editions: write, preview, test, send to everyone, watch it go out."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog.uploads import StaffUploadingWidget
from core.richtext import clean_html
from newsletter import outbox, rendering, services, tokens
from newsletter.models import Delivery, Edition, Subscriber

PROGRESS_REFRESH_SECONDS = 5


class EditionAdminForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["subject", "body", "include_articles", "include_quote", "topics"]
        widgets = {"body": StaffUploadingWidget(), "topics": forms.CheckboxSelectMultiple}


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionAdminForm
    change_form_template = "admin/newsletter/edition/change_form.html"
    list_display = ["subject", "status", "created_at", "started_at", "delivery_summary"]
    list_filter = ["status"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        status = Delivery.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                sent_count=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
                open_count=Count(
                    "deliveries",
                    filter=Q(deliveries__status__in=[status.PENDING, status.SENDING]),
                ),
                failed_count=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
            )
        )

    def view_on_site(self, obj):
        # Drafts are not in the archive; the admin's preview shows them.
        return obj.get_absolute_url() if obj.status != Edition.Status.DRAFT else None

    @admin.display(description="gesendet / offen / fehlgeschlagen")
    def delivery_summary(self, obj):
        if obj.status == Edition.Status.DRAFT:
            return "–"
        return f"{obj.sent_count} / {obj.open_count} / {obj.failed_count}"

    @admin.display(description="Text")
    def rendered_body(self, obj):
        # Cleaned again on the way out: the admin's relaxed CSP would run a stray script.
        return mark_safe(clean_html(obj.body))

    # Once sending starts, the edition is what people got: it can be read, not changed.
    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != Edition.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Edition.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.status != Edition.Status.DRAFT:
            return ["subject", "rendered_body", "include_articles", "include_quote", "topics",
                    "status", "started_at", "sent_at"]  # fmt: skip
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Edition.Status.DRAFT:
            return self.get_fields(request, obj)
        return []

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/vorschau/", wrap(self.preview_view), name=f"{name}_preview"),
            path(
                "<path:object_id>/vorschau/text/",
                wrap(self.preview_text_view),
                name=f"{name}_preview_text",
            ),
            path("<path:object_id>/senden/", wrap(self.send_view), name=f"{name}_send"),
            path(
                "<path:object_id>/fortschritt/", wrap(self.progress_view), name=f"{name}_progress"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_send": request.user.has_perm("newsletter.send_edition"),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_send": request.user.has_perm("newsletter.send_edition"),
        }
        return super().add_view(request, form_url, extra_context)

    # The buttons under the form save first, so a test or a send always shows what is saved.
    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        if "_send_test" in request.POST:
            self._require_send_permission(request)
            try:
                services.edition_send_test(
                    edition=obj, email=request.user.email, first_name=request.user.first_name
                )
            except services.EditionError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"Gespeichert. Die Testmail ist an {request.user.email} unterwegs.",
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(self._url("change", obj))
        if "_send_all" in request.POST:
            return HttpResponseRedirect(self._url("send", obj))
        return None

    def _url(self, view, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])

    def _get_or_404(self, request, object_id):
        edition = self.get_object(request, object_id)
        if edition is None or not self.has_view_permission(request, edition):
            raise Http404("Diese Ausgabe gibt es nicht.")
        return edition

    def _require_send_permission(self, request):
        if not request.user.has_perm("newsletter.send_edition"):
            raise PermissionDenied("Sie dürfen keine Ausgaben versenden.")

    def _preview(self, request, object_id):
        """(text, html) exactly as a subscriber gets them, with the author's first name."""
        edition = self._get_or_404(request, object_id)
        return rendering.edition_content(edition).personal(
            first_name=request.user.first_name,
            unsubscribe_url=tokens.preview_unsubscribe_url(),
            preferences_url=tokens.preview_preferences_url(),
        )

    def preview_view(self, request, object_id):
        _text, html = self._preview(request, object_id)
        return HttpResponse(html)

    def preview_text_view(self, request, object_id):
        text, _html = self._preview(request, object_id)
        return HttpResponse(text, content_type="text/plain; charset=utf-8")

    def send_view(self, request, object_id):
        """The confirmation step before everyone gets the edition; POST starts or resumes."""
        edition = self._get_or_404(request, object_id)
        self._require_send_permission(request)
        if request.method == "POST":
            if (
                edition.status == Edition.Status.SENDING
                and not outbox.edition_progress(edition).stalled
            ):
                # A second click (or a second tab) must not start a second, parallel chain.
                self.message_user(request, "Der Versand läuft bereits.", messages.INFO)
                return HttpResponseRedirect(self._url("progress", edition))
            try:
                services.edition_send(edition=edition)
            except services.EditionError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(self._url("change", edition))
            self.message_user(
                request,
                "Der Versand läuft. Diese Seite zeigt, wie weit er ist.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._url("progress", edition))
        if edition.status != Edition.Status.DRAFT:
            return HttpResponseRedirect(self._url("progress", edition))
        articles, quote = rendering.appendix(edition)
        recipients = Subscriber.objects.recipients_of(edition).count()
        minutes = -(-recipients // settings.NEWSLETTER_MAILS_PER_MINUTE)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": edition,
            "title": "Ausgabe an alle senden?",
            "recipients": recipients,
            "topics": list(edition.topics.all()),
            "articles": articles,
            "quote": quote,
            "minutes": minutes,
            "mails_per_minute": settings.NEWSLETTER_MAILS_PER_MINUTE,
        }
        return TemplateResponse(request, "admin/newsletter/edition/send_confirm.html", context)

    def progress_view(self, request, object_id):
        edition = self._get_or_404(request, object_id)
        progress = outbox.edition_progress(edition)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": edition,
            "title": f"Versand: {edition.subject}",
            "progress": progress,
            "refresh_seconds": (
                PROGRESS_REFRESH_SECONDS if edition.status == Edition.Status.SENDING else None
            ),
            "can_send": request.user.has_perm("newsletter.send_edition"),
        }
        return TemplateResponse(request, "admin/newsletter/edition/progress.html", context)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: who got which edition, and why a mail did not go out."""

    list_display = ["subscriber", "edition", "status", "attempts", "last_attempt_at", "sent_at",
                    "error"]  # fmt: skip
    list_filter = ["status", "edition"]
    list_select_related = ["subscriber", "edition"]
    search_fields = ["subscriber__email"]

    @admin.display(description="Letzter Fehler")
    def error(self, obj):
        return format_html("<span title='{}'>{}</span>", obj.last_error, obj.last_error[:80])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
