"""The author's editor (django-ckeditor): what its toolbar and dialogs offer.

Kept beside settings.py because nothing in it comes from the environment; the dialogs'
own rules (upload on pick, alt text required) are static/js/ckeditor-dialogs.js.
"""

CKEDITOR_CONFIGS = {
    "default": {
        "language": "de",
        "height": 420,
        "width": "100%",
        "toolbar": "Elternblog",
        "toolbar_Elternblog": [
            ["Format"],
            ["Bold", "Italic"],
            ["Link", "Unlink"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Image"],
            ["Undo", "Redo", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "removePlugins": "exportpdf",
        # Uploads as XHR with a JSON answer, so static/js/ckeditor-csrf.js can add the token.
        "filebrowserUploadMethod": "xhr",
        # Pasted or dropped images (also those inside pasted Word text) go through the
        # same upload view instead of being stored as data: URLs, which the sanitizer drops.
        "extraPlugins": "uploadimage",
        "removeDialogTabs": "image:advanced;image:Link;link:advanced;link:target;link:upload",
        "disallowedContent": "img{border*,margin*,float}",
        "linkDefaultProtocol": "https://",
        "image_previewText": " ",
        # A pasted YouTube or Vimeo player reaches the server, whose sanitizer keeps it as
        # a link for the two-click embed (core/richtext.py); the editor would drop it.
        "extraAllowedContent": "iframe[src,title,width,height,allow,allowfullscreen,frameborder]",
        "disableNativeSpellChecker": False,
    }
}
