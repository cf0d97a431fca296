/* CKEditor 4 posts uploads without Django's CSRF token; add it from the admin form, so the
   upload view keeps Django's CSRF protection instead of being exempt. */
"use strict";
(function () {
  function addToken(event) {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      event.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", field.value);
    }
  }

  function hook(editor) {
    editor.on("fileUploadRequest", addToken);
  }

  function watch() {
    if (!window.CKEDITOR) {
      setTimeout(watch, 50);
      return;
    }
    Object.values(window.CKEDITOR.instances).forEach(hook);
    window.CKEDITOR.on("instanceCreated", (event) => hook(event.editor));
  }

  watch();
})();
