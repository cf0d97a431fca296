"""The static pages (Impressum, Datenschutz, Über mich) in the same editor as articles.

Their content is sanitized on every save like an article body (blog/signals.py).
"""

from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage

from blog.uploads import StaffUploadingWidget


class PageForm(FlatpageForm):
    class Meta(FlatpageForm.Meta):
        widgets = {"content": StaffUploadingWidget()}


class PageAdmin(FlatPageAdmin):
    form = PageForm
    list_display = ["url", "title"]
    fieldsets = [
        (None, {"fields": ["url", "title", "content", "sites"]}),
        (
            "Erweitert",
            {"classes": ["collapse"], "fields": ["registration_required", "template_name"]},
        ),
    ]


admin.site.unregister(FlatPage)
admin.site.register(FlatPage, PageAdmin)
