import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

# Imported for what they register: editions and deliveries, the welcome mail.
import newsletter.edition_admin
import newsletter.welcome_admin  # noqa: F401
from core.spreadsheet import csv_cell, csv_download
from newsletter import services
from newsletter.models import SUPPRESSED, MailEvent, SignupBox, Subscriber, Topic

# --- Subscribers and the signup box (nl-subscribe) ---------------------------------------


@admin.register(SignupBox)
class SignupBoxAdmin(admin.ModelAdmin):
    list_display = ["version", "heading", "created_at"]
    readonly_fields = ["version", "created_at"]
    fields = ["heading", "pitch", "consent_text", "version", "created_at"]

    def _is_current(self, obj):
        return obj is None or obj.version == SignupBox.objects.current().version

    def get_readonly_fields(self, request, obj=None):
        # Older versions are the wording earlier subscribers agreed to: proof, not drafts.
        if not self._is_current(obj):
            return ["heading", "pitch", "consent_text", "version", "created_at"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change or "consent_text" in form.changed_data:
            # A new wording is a new version; the old row stays for those who agreed to it.
            latest = SignupBox.objects.aggregate(latest=Max("version"))["latest"] or 0
            obj.pk = None
            obj.version = latest + 1
            obj.created_at = timezone.now()
            if change:
                messages.info(request, f"Neuer Einwilligungstext: Version {obj.version}.")
        super().save_model(request, obj, form, change)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "description"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


def _local(moment):
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M") if moment else ""


class MailEventInline(admin.TabularInline):
    """Bounces and complaints as the mail server or service reported them (read-only)."""

    model = MailEvent
    fields = ["occurred_at", "kind", "source", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "first_name",
        "status",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
        "suppression_reason",
    ]
    list_filter = ["status", "created_at", "confirmed_at"]
    # The filter shows how many addresses each status has (bounced, complained, …).
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ["email", "first_name"]
    date_hierarchy = "created_at"
    actions = ["export_csv", "unsubscribe", "reactivate"]
    inlines = [MailEventInline]
    fields = [
        "email",
        "first_name",
        "status",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "welcome_sent_at",
        "unsubscribed_at",
        "topics",
        "topics_changed_at",
        "pending_round",
        "suppressed_at",
        "suppression_reason",
        "soft_bounces",
        "consent_version",
        "consent_text",
        "consent_page",
        "privacy_tools",
    ]
    # Topics are the subscriber's own choice, made on their page; the author only reads them.
    readonly_fields = [name for name in fields if name != "first_name"]

    def has_add_permission(self, request):
        # Every address comes in through double opt-in, with its proof of consent.
        return False

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_json_view)
        return [
            path("<int:object_id>/export/", export, name="newsletter_subscriber_export"),
            *super().get_urls(),
        ]

    @admin.display(description="Datenschutz")
    def privacy_tools(self, obj):
        return format_html(
            '<a class="button" href="{}">Alle Daten als JSON herunterladen (Art. 15, 20 DSGVO)'
            '</a> <a class="deletelink" href="{}">Alle Daten löschen (Art. 17 DSGVO)</a>',
            reverse("admin:newsletter_subscriber_export", args=[obj.pk]),
            reverse("admin:newsletter_subscriber_delete", args=[obj.pk]),
        )

    def export_json_view(self, request, object_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        subscriber = self.get_object(request, object_id)
        if subscriber is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(object_id))
        payload = json.dumps(subscriber.personal_data(), ensure_ascii=False, indent=2)
        response = HttpResponse(payload, content_type="application/json; charset=utf-8")
        filename = f"elternpost-daten-{subscriber.pk}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_deleted_objects(self, objs, request):
        # Erasure (GDPR art. 17) takes the deliveries along even for staff who may not edit
        # deliveries: leaving them would keep data the person asked to have erased.
        deleted, model_count, _, protected = super().get_deleted_objects(objs, request)
        return deleted, model_count, set(), protected

    def delete_model(self, request, obj):
        services.subscriber_erase(subscriber=obj)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            services.subscriber_erase(subscriber=subscriber)

    @admin.action(description="Ausgewählte als CSV exportieren (Excel)", permissions=["view"])
    def export_csv(self, request, queryset):
        response, writer = csv_download("elternpost-abonnenten.csv")
        writer.writerow(
            [
                "E-Mail-Adresse",
                "Vorname",
                "Status",
                "Angemeldet",
                "Bestätigungsmail verschickt",
                "Bestätigt",
                "Abgemeldet",
                "Version der Einwilligung",
                "Seite der Anmeldung",
            ]
        )
        for subscriber in queryset.order_by("created_at"):
            writer.writerow(
                [
                    csv_cell(subscriber.email),
                    csv_cell(subscriber.first_name),
                    subscriber.get_status_display(),
                    _local(subscriber.created_at),
                    _local(subscriber.confirmation_sent_at),
                    _local(subscriber.confirmed_at),
                    _local(subscriber.unsubscribed_at),
                    subscriber.consent_version,
                    csv_cell(subscriber.consent_page),
                ]
            )
        return response

    @admin.action(description="Ausgewählte abmelden (bleiben gesperrt)", permissions=["change"])
    def unsubscribe(self, request, queryset):
        for subscriber_id in queryset.values_list("pk", flat=True):
            services.subscriber_unsubscribe(subscriber_id=subscriber_id)
        self.message_user(request, "Die ausgewählten Adressen sind abgemeldet.")

    @admin.action(
        description="Gesperrte erneut einladen (nur per neuer Bestätigungsmail)",
        permissions=["change"],
    )
    def reactivate(self, request, queryset):
        # A blocked address is never simply switched back on: its owner must confirm again,
        # exactly as after a new signup (and the daily cap of confirmation mails applies).
        blocked = list(queryset.filter(status__in=SUPPRESSED))
        for subscriber in blocked:
            services.subscriber_subscribe(
                email=subscriber.email,
                first_name=subscriber.first_name,
                consent_version=subscriber.consent_version,
                consent_page=subscriber.consent_page,
            )
        skipped = queryset.count() - len(blocked)
        self.message_user(
            request,
            f"{len(blocked)} gesperrte Adresse(n) bekommen eine neue Bestätigungsmail; die "
            "Elternpost erhalten sie erst wieder, wenn sie den Link darin anklicken."
            + (f" {skipped} nicht gesperrte Adresse(n) übergangen." if skipped else ""),
        )
