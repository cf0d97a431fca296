from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from blog.images import ACCEPT, reencode_image
from blog.models import Article, Category
from blog.slugs import unique_slug
from blog.uploads import StaffUploadingWidget


class GermanSlugFormMixin:
    """A slug the author may leave blank (derived from `slug_source`) but never duplicate."""

    slug_source = "title"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        source = self.fields[self.slug_source].label
        self.fields[
            "slug"
        ].help_text = (
            f"Teil der Adresse. Leer lassen: wird aus „{source}“ gebildet (ä → ae, ß → ss)."
        )

    def _others(self):
        return self._meta.model.objects.exclude(pk=self.instance.pk)

    def _free_slug(self, text):
        max_length = self._meta.model._meta.get_field("slug").max_length
        return unique_slug(self._others(), text, max_length=max_length)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        clash = self._others().filter(slug=slug).first() if slug else None
        if clash:
            raise ValidationError(
                f"Der Kurzname „{slug}“ gehört schon zu „{clash}“. "
                f"Bitte einen anderen wählen, zum Beispiel „{self._free_slug(slug)}“.",
                code="unique",
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get(self.slug_source)
        if not cleaned.get("slug") and source and "slug" not in self.errors:
            cleaned["slug"] = self._free_slug(source)
        return cleaned


class ArticleAdminForm(GermanSlugFormMixin, forms.ModelForm):
    # A plain file field: blog.images gives the precise German reason for a refusal
    # (format, bytes, pixels), where Django's ImageField only knows "kein gültiges Bild".
    cover_image = forms.FileField(
        label="Titelbild",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text="JPEG, PNG, WebP oder GIF. Das Bild wird neu gespeichert; Metadaten wie "
        "der Aufnahmeort fallen dabei weg.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "body", "status", "published_at", "category", "tags",
            "cover_image", "cover_alt", "excerpt", "meta_description", "sponsored", "sponsor_name",
        ]  # fmt: skip
        widgets = {"body": StaffUploadingWidget()}

    def clean_cover_image(self):
        cover = self.cleaned_data.get("cover_image")
        if isinstance(cover, UploadedFile):
            return reencode_image(cover)
        return cover


class CategoryAdminForm(GermanSlugFormMixin, forms.ModelForm):
    slug_source = "name"

    class Meta:
        model = Category
        fields = ["name", "slug", "description", "show_in_nav"]
