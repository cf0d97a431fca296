"""Admin page "Aus WordPress importieren": upload, check (dry run), then import in the background.

Both steps run in the task worker; the pages only show where they stand.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from blog.wordpress.models import WordPressImport
from blog.wordpress.summary import (
    KINDS,
    OUTCOMES,
    WARNING_GROUPS,
    extras_line,
    skipped_lines,
)
from blog.wordpress.tasks import read_progress, wordpress_import_run


def _size_limit_message():
    limit = settings.WORDPRESS_IMPORT_MAX_BYTES
    return (
        f"Die Dateien sind zusammen zu groß: Hochladen geht bis {_size(limit)}. "
        "Größere Exporte importiert die Technik mit dem Befehl „manage.py import_wordpress“, "
        "der Dateien jeder Größe liest."
    )


def _size(size):
    """1073741824 → "1 GB", in German figures."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"
    return f"{max(1, round(size / 1024))} KB"


class WordPressUploadForm(forms.ModelForm):
    class Meta:
        model = WordPressImport
        fields = ["export_file", "media_zip", "fetch_media", "author"]
        help_texts = {
            "export_file": "Die XML-Datei aus WordPress: Werkzeuge → Daten exportieren → "
            "Alle Inhalte.",
            "media_zip": "Optional: der Ordner wp-content/uploads als ZIP. Bilder kommen dann "
            "von hier.",
            "fetch_media": "Lädt beim Import jedes Bild, das nicht im ZIP liegt, von der "
            "Adresse des alten Blogs (nur von dort) und speichert es hier. Die alte Seite muss "
            "dafür noch erreichbar sein; der Probelauf lädt noch nichts.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = get_user_model().objects.filter(is_staff=True)
        self.fields["author"].empty_label = "je WordPress-Autor ein eigenes, inaktives Konto"
        self.fields["export_file"].widget.attrs["accept"] = ".xml,application/xml,text/xml"
        self.fields["media_zip"].widget.attrs["accept"] = ".zip,application/zip"

    def clean(self):
        cleaned = super().clean()
        files = [cleaned.get("export_file"), cleaned.get("media_zip")]
        if sum(f.size for f in files if f) > settings.WORDPRESS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_size_limit_message())
        return cleaned

    def clean_export_file(self):
        upload = self.cleaned_data["export_file"]
        head = upload.read(2048).lstrip(b"\xef\xbb\xbf \t\r\n")
        upload.seek(0)
        if not head.startswith(b"<"):
            raise forms.ValidationError(
                "Das ist keine XML-Datei. Bitte laden Sie die Exportdatei aus WordPress hoch "
                "(Werkzeuge → Daten exportieren)."
            )
        return upload

    def clean_media_zip(self):
        upload = self.cleaned_data.get("media_zip")
        if upload and upload.read(4) != b"PK\x03\x04":
            raise forms.ValidationError("Die Bilder bitte als ZIP-Datei hochladen.")
        if upload:
            upload.seek(0)
        return upload


@admin.register(WordPressImport)
class WordPressImportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_by"]
    list_filter = ["status"]

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "hochladen/",
                self.admin_site.admin_view(csrf_exempt(self.upload_view)),
                name=f"{prefix}_upload",
            ),
            path(
                "<int:pk>/starten/",
                self.admin_site.admin_view(require_POST(self.start_view)),
                name=f"{prefix}_start",
            ),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect(self._url("upload"))

    def upload_view(self, request):
        """Upload form; refuses an oversized upload before reading a byte of it.

        Exempt from the CSRF middleware only so the size check can come first: reading the
        CSRF token from the form would mean reading the whole upload. Everything else goes
        through csrf_protect below.
        """
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.WORDPRESS_IMPORT_MAX_BYTES + 64 * 1024:
                return self._upload_page(request, WordPressUploadForm(), _size_limit_message(), 413)
        return csrf_protect(self._upload)(request)

    def _upload(self, request):
        form = WordPressUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = form.save(commit=False)
            job.created_by = request.user
            job.status = WordPressImport.Status.CHECKING
            job.save()
            wordpress_import_run.enqueue(job.pk, True)
            return redirect(self._url("change", job.pk))
        if form.initial.get("author") is None and request.user.is_staff:
            form.initial["author"] = request.user.pk
        return self._upload_page(request, form)

    def _upload_page(self, request, form, error="", status=200):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Aus WordPress importieren",
            "form": form,
            "error": error,
            "max_size": _size(settings.WORDPRESS_IMPORT_MAX_BYTES),
        }
        return TemplateResponse(
            request, "admin/blog/wordpress_import_upload.html", context, status=status
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = get_object_or_404(WordPressImport, pk=object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        running = job.status in (WordPressImport.Status.CHECKING, WordPressImport.Status.RUNNING)
        done, total = (read_progress(job.pk) or (0, 0)) if running else (0, 0)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "running": running,
            "done": done,
            "total": total,
            "percent": done * 100 // total if total else 0,
            **_summary_context(job),
            "can_start": job.status == WordPressImport.Status.CHECKED
            and self.has_add_permission(request),
            "start_url": self._url("start", job.pk),
            "upload_url": self._url("upload"),
            "hidden_categories_url": reverse(f"{self.admin_site.name}:blog_category_changelist")
            + "?show_in_nav__exact=0",
        }
        return TemplateResponse(request, "admin/blog/wordpress_import_detail.html", context)

    def start_view(self, request, pk):
        job = get_object_or_404(WordPressImport, pk=pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        # A conditional update, so a double click cannot start the same import twice.
        started = WordPressImport.objects.filter(
            pk=job.pk, status=WordPressImport.Status.CHECKED
        ).update(status=WordPressImport.Status.RUNNING)
        if not started:
            messages.error(request, "Dieser Import ist nicht (mehr) bereit zum Start.")
            return redirect(self._url("change", job.pk))
        wordpress_import_run.enqueue(job.pk, False)
        messages.success(request, "Der Import läuft. Diese Seite zeigt, wie weit er ist.")
        return redirect(self._url("change", job.pk))

    def _url(self, name, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{name}",
            args=args,
        )


def _summary_context(job):
    """The stored summary in the shape the page shows: table, explanations, warning groups."""
    summary = job.summary or {}
    counts = summary.get("counts", {})
    extras = summary.get("extras", {})
    warnings = summary.get("warnings", [])
    if isinstance(warnings, list):  # summaries stored before warnings were grouped
        warnings = {"other": warnings}
    warning_counts = summary.get("warning_counts") or {g: len(w) for g, w in warnings.items()}
    groups = [
        (label, warnings.get(group, []), warning_counts.get(group, 0))
        for group, label in WARNING_GROUPS.items()
        if warning_counts.get(group)
    ]
    return {
        "columns": OUTCOMES.values(),
        "rows": [
            (label, [counts.get(kind, {}).get(outcome, 0) for outcome in OUTCOMES])
            for kind, label in KINDS.items()
        ]
        if counts
        else [],
        "extras": extras,
        "extras_line": extras_line(extras),
        "skipped": skipped_lines(summary.get("skipped", {})),
        "warning_groups": [
            (label, shown, total, total - len(shown)) for label, shown, total in groups
        ],
        "warning_total": sum(warning_counts.values()),
        # Stored with the summary: the uploads are deleted once the job ends.
        "images_missing": extras.get("missing_images", 0) and not summary.get("image_sources"),
        "new_categories": extras.get("categories", 0),
    }
