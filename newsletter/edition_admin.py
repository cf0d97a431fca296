"""The author's side of editions: write, preview, test, send to everyone, watch it go out."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from blog.uploads import StaffUploadingWidget
from core.richtext import clean_html
from newsletter import outbox, rendering, scheduling, services, tokens
from newsletter.models import Delivery, Edition, Subscriber

PROGRESS_REFRESH_SECONDS = 5


def send_test_mail(model_admin, request, send, **mail):
    """Sends the author a test of `mail` with `send` and says how it went."""
    try:
        send(**mail, email=request.user.email, first_name=request.user.first_name)
    except services.EditionError as error:
        model_admin.message_user(request, str(error), messages.ERROR)
    else:
        model_admin.message_user(
            request,
            f"Gespeichert. Die Testmail ist an {request.user.email} unterwegs.",
            messages.SUCCESS,
        )


def personal_preview(content, user):
    """(text, html) exactly as a subscriber gets them, with the author's first name."""
    return content.personal(
        first_name=user.first_name,
        unsubscribe_url=tokens.preview_unsubscribe_url(),
        preferences_url=tokens.preview_preferences_url(),
    )


class MailPreviewMixin:
    """A ModelAdmin's mail as a subscriber gets it, on two pages of its own: `…/vorschau/`
    (HTML) and `…/vorschau/text/`. The admin says how its object becomes a mail
    (`mail_content`) and what to answer when there is none (`missing`)."""

    missing = "Diese Mail gibt es nicht."

    def mail_content(self, obj):
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/vorschau/", wrap(self.preview_view), name=f"{name}_preview"),
            path(
                "<path:object_id>/vorschau/text/",
                wrap(self.preview_text_view),
                name=f"{name}_preview_text",
            ),
            *super().get_urls(),
        ]

    def _get_or_404(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(self.missing)
        return obj

    def _preview(self, request, object_id):
        content = self.mail_content(self._get_or_404(request, object_id))
        return personal_preview(content, request.user)

    def preview_view(self, request, object_id):
        _text, html = self._preview(request, object_id)
        return HttpResponse(html)

    def preview_text_view(self, request, object_id):
        text, _html = self._preview(request, object_id)
        return HttpResponse(text, content_type="text/plain; charset=utf-8")


class EditionAdminForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["subject", "body", "include_articles", "include_quote", "topics"]
        widgets = {"body": StaffUploadingWidget(), "topics": forms.CheckboxSelectMultiple}

    def clean(self):
        # The worker may start a scheduled edition while its author edits it. The admin saves
        # in one transaction, so this row lock holds until the save commits (on SQLite the
        # transaction's write lock does the same): a change either makes it into every mail
        # or is refused, never half.
        pk = self.instance.pk
        if (
            pk
            and not Edition.objects.select_for_update()
            .filter(pk=pk, status__in=[Edition.Status.DRAFT, Edition.Status.SCHEDULED])
            .exists()
        ):
            raise forms.ValidationError(
                "Der Versand dieser Ausgabe hat inzwischen begonnen; sie lässt sich nicht "
                "mehr ändern."
            )
        return super().clean()


class EditionScheduleForm(forms.Form):
    scheduled_for = forms.DateTimeField(
        label="Versenden am",
        help_text="Datum und Uhrzeit in deutscher Zeit.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Bitte wählen Sie Datum und Uhrzeit für den Versand.",
            "invalid": "Bitte geben Sie Datum und Uhrzeit vollständig an, z. B. 1.12.2026 07:30.",
        },
    )


@admin.register(Edition)
class EditionAdmin(MailPreviewMixin, admin.ModelAdmin):
    form = EditionAdminForm
    missing = "Diese Ausgabe gibt es nicht."
    change_form_template = "admin/newsletter/edition/change_form.html"
    list_display = ["subject", "status_label", "created_at", "started_at", "delivery_summary"]
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
        # Drafts and scheduled editions are not in the archive; the admin's preview shows them.
        return None if obj.not_started else obj.get_absolute_url()

    @admin.display(description="Status", ordering="status")
    def status_label(self, obj):
        if obj.status != Edition.Status.SCHEDULED:
            return obj.get_status_display()
        label = f"geplant für {scheduling.local_time(obj.scheduled_for)}"
        if obj.scheduled_for < timezone.now() - outbox.STALLED_AFTER:
            label += " – überfällig: Läuft der Task-Worker (db_worker)?"
        return label

    @admin.display(description="gesendet / offen / fehlgeschlagen")
    def delivery_summary(self, obj):
        if obj.not_started:
            return "–"
        return f"{obj.sent_count} / {obj.open_count} / {obj.failed_count}"

    @admin.display(description="Text")
    def rendered_body(self, obj):
        # Cleaned again on the way out: the admin's relaxed CSP would run a stray script.
        return mark_safe(clean_html(obj.body))

    # Once sending starts, the edition is what people got: it can be read, not changed.
    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.not_started:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.not_started:
            return False
        return super().has_delete_permission(request, obj)

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.not_started:
            return ["subject", "rendered_body", "include_articles", "include_quote", "topics",
                    "status", "scheduled_for", "started_at", "sent_at"]  # fmt: skip
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.not_started:
            return self.get_fields(request, obj)
        return []

    def mail_content(self, edition):
        return rendering.edition_content(edition)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
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
            send_test_mail(self, request, services.edition_send_test, edition=obj)
            return HttpResponseRedirect(self._url("change", obj))
        if "_send_all" in request.POST:
            return HttpResponseRedirect(self._url("send", obj))
        return None

    def _url(self, view, obj):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])

    def _require_send_permission(self, request):
        if not request.user.has_perm("newsletter.send_edition"):
            raise PermissionDenied("Sie dürfen keine Ausgaben versenden.")

    def send_view(self, request, object_id):
        """The step before everyone gets the edition: send now, schedule, move or cancel."""
        edition = self._get_or_404(request, object_id)
        self._require_send_permission(request)
        if request.method == "POST" and "_schedule" in request.POST:
            return self._schedule(request, edition)
        if request.method == "POST" and "_unschedule" in request.POST:
            return self._unschedule(request, edition)
        if request.method == "POST":
            return self._send_now(request, edition)
        if not edition.not_started:
            return HttpResponseRedirect(self._url("progress", edition))
        initial = {"scheduled_for": edition.scheduled_for} if edition.scheduled_for else {}
        return self._send_page(request, edition, EditionScheduleForm(initial=initial))

    def _send_now(self, request, edition):
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
            request, "Der Versand läuft. Diese Seite zeigt, wie weit er ist.", messages.SUCCESS
        )
        return HttpResponseRedirect(self._url("progress", edition))

    def _schedule(self, request, edition):
        form = EditionScheduleForm(request.POST)
        if form.is_valid():
            try:
                edition = scheduling.edition_schedule(
                    edition=edition, when=form.cleaned_data["scheduled_for"]
                )
            except services.EditionError as error:
                form.add_error("scheduled_for", str(error))
        if not form.is_valid():
            return self._send_page(request, edition, form)
        self.message_user(
            request,
            f"Geplant für {scheduling.local_time(edition.scheduled_for)}. Bis dahin können Sie "
            "die Ausgabe noch ändern, den Versand verschieben oder die Planung aufheben.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", edition))

    def _unschedule(self, request, edition):
        try:
            scheduling.edition_unschedule(edition=edition)
        except services.EditionError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, "Die Planung ist aufgehoben; die Ausgabe ist wieder ein Entwurf."
            )
        return HttpResponseRedirect(self._url("change", edition))

    def _send_page(self, request, edition, schedule_form):
        articles, quote = rendering.appendix(edition)
        recipients = Subscriber.objects.recipients_of(edition).count()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": edition,
            "title": "Ausgabe an alle senden?",
            "recipients": recipients,
            "topics": list(edition.topics.all()),
            "articles": articles,
            "quote": quote,
            "minutes": -(-recipients // settings.NEWSLETTER_MAILS_PER_MINUTE),
            "mails_per_minute": settings.NEWSLETTER_MAILS_PER_MINUTE,
            "schedule_form": schedule_form,
            "scheduled_for": edition.scheduled_for and scheduling.local_time(edition.scheduled_for),
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
