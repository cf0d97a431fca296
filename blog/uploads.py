"""CKEditor's image upload, for those who may write articles, restricted to re-encoded images.

Replaces django-ckeditor's upload view (which stores any file Pillow can read under its
original bytes); the file browser stays django-ckeditor's own, behind the same check.
"""

import posixpath
from functools import wraps

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.urls import re_path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from blog.images import body_image_prepare, reencode_image


def article_writers_only(view):
    """Visitors go to the login; staff who may neither add nor change articles get a 403."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("blog.add_article") or user.has_perm("blog.change_article")):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return staff_member_required(checked)


@require_POST
@article_writers_only
def upload(request):
    """Answer in CKEditor 4's JSON upload protocol (the editor posts via XHR with CSRF)."""
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _refuse("Es ist keine Datei angekommen. Bitte ein Bild auswählen.")
    try:
        image = reencode_image(uploaded)
    except ValidationError as error:
        return _refuse(error.messages[0])
    folder = posixpath.join(settings.CKEDITOR_UPLOAD_PATH, timezone.now().strftime("%Y/%m"))
    path = default_storage.save(posixpath.join(folder, image.name), image)
    # Renditions now, while the author waits a moment anyway: pages never make them.
    body_image_prepare(path)
    return JsonResponse(
        {"uploaded": 1, "fileName": posixpath.basename(path), "url": default_storage.url(path)}
    )


def _refuse(message):
    # CKEditor only shows the message of a 200 answer; other statuses become "HTTP error".
    return JsonResponse({"uploaded": 0, "error": {"message": message}})


class StaffUploadingWidget(CKEditorUploadingWidget):
    """The editor with the Django CSRF token on its uploads and the author's dialogs."""

    class Media:
        js = ["ckeditor/ckeditor/ckeditor.js", "js/ckeditor-csrf.js", "js/ckeditor-dialogs.js"]


urlpatterns = [
    re_path(r"^upload/", upload, name="ckeditor_upload"),
    re_path(
        r"^browse/",
        never_cache(article_writers_only(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
]
