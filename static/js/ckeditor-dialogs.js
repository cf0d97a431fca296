/* The editor's dialogs as the author needs them: an image is uploaded as soon as she picks
   it and needs a description (alt text); a link asks for its address only. The border and
   spacing fields are hidden by the editor's content rules (config/settings.py). */
"use strict";
(function () {
  const ALT_MISSING =
    "Bitte beschreiben Sie das Bild in ein paar Worten (Alternativtext): Wer es nicht " +
    "sehen kann, bekommt diesen Text vorgelesen.";

  // CKEditor's file field lives in an iframe that is rebuilt after each upload, so the
  // listener is attached whenever the upload page shows.
  function uploadOnPick(dialog) {
    const field = dialog.getContentElement("Upload", "upload");
    const input = field && field.getInputElement();
    if (!input || input.getName() !== "input" || input.$.dataset.uploadsOnPick) {
      setTimeout(() => field && dialog.getCurrentPageId() === "Upload" && uploadOnPick(dialog), 100);
      return;
    }
    input.$.dataset.uploadsOnPick = "1";
    input.on("change", () => {
      if (input.$.value) {
        dialog.getContentElement("Upload", "uploadButton").click();
      }
    });
  }

  function image(definition) {
    const info = definition.getContents("info");
    const alt = info.get("txtAlt");
    alt.label = "Bildbeschreibung (Alternativtext)";
    alt.validate = window.CKEDITOR.dialog.validate.notEmpty(ALT_MISSING);
    const onShow = definition.onShow;
    definition.onShow = function () {
      onShow.apply(this, arguments);
      // A new image starts with choosing the file, not with typing an address.
      if (!this.getValueOf("info", "txtUrl") && this.getContentElement("Upload", "upload")) {
        this.selectPage("Upload");
        uploadOnPick(this);
      }
    };
  }

  function link(definition) {
    const info = definition.getContents("info");
    ["linkDisplayText", "linkType", "protocol", "browse"].forEach((id) => {
      const element = info.get(id);
      if (element) {
        element.hidden = true;
      }
    });
  }

  function watch() {
    if (!window.CKEDITOR) {
      setTimeout(watch, 50);
      return;
    }
    window.CKEDITOR.on("dialogDefinition", (event) => {
      if (event.data.name === "image") {
        image(event.data.definition);
      } else if (event.data.name === "link") {
        link(event.data.definition);
      }
    });
  }

  watch();
})();
