"""The static pages (Impressum, Datenschutz, Über mich) in the same editor as articles.

django.contrib.flatpages stores `content` as is and its template prints it unescaped, so
the form sanitizes it exactly like an article body before it is stored.
"""

from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage

from blog.uploads import StaffUploadingWidget
from core.richtext import clean_html


class PageForm(FlatpageForm):
    class Meta(FlatpageForm.Meta):
        widgets = {"content": StaffUploadingWidget()}

    def clean_content(self):
        return clean_html(self.cleaned_data["content"])


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
