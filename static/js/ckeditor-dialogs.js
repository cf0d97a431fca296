/* The editor's dialogs as the author needs them: an image is uploaded as soon as she picks
   it and needs a description (alt text); a link asks for its address and whether it is a
   paid (affiliate) link. The border and spacing fields are hidden by the editor's content
   rules (config/editor.py). */
"use strict";
(function () {
  const ALT_MISSING =
    "Bitte beschreiben Sie das Bild in ein paar Worten (Alternativtext): Wer es nicht " +
    "sehen kann, bekommt diesen Text vorgelesen.";

  // CKEditor's file field lives in an iframe it rebuilds (after an upload, after a reset),
  // so while the dialog is open, each new file input gets the listener.
  function hookFileInput(dialog) {
    const input = dialog.getContentElement("Upload", "upload").getInputElement();
    if (input.getName() === "input" && !input.$.dataset.uploadsOnPick) {
      input.$.dataset.uploadsOnPick = "1";
      input.on("change", () => {
        if (input.$.value) {
          dialog.getContentElement("Upload", "uploadButton").click();
        }
      });
    }
  }

  function image(definition) {
    const info = definition.getContents("info");
    const alt = info.get("txtAlt");
    alt.label = "Bildbeschreibung (Alternativtext)";
    alt.validate = window.CKEDITOR.dialog.validate.notEmpty(ALT_MISSING);
    const canUpload = Boolean(definition.getContents("Upload"));
    const { onShow, onHide } = definition;
    let watch = null;
    definition.onShow = function () {
      onShow.apply(this, arguments);
      // A new image starts with choosing the file, not with typing an address.
      if (canUpload && !this.getValueOf("info", "txtUrl")) {
        this.selectPage("Upload");
      }
      if (canUpload && watch === null) {
        hookFileInput(this);
        watch = setInterval(() => hookFileInput(this), 200);
      }
    };
    definition.onHide = function () {
      clearInterval(watch);
      watch = null;
      if (onHide) {
        onHide.apply(this, arguments);
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
    // The one choice besides the address: a paid (affiliate) link, rel="sponsored", which
    // the sanitizer keeps (core/richtext.py). The link plugin writes data.advanced.advRel.
    info.add({
      type: "checkbox",
      id: "sponsored",
      label: "Werbelink (Affiliate-Link, wird als „sponsored“ gekennzeichnet)",
      setup(data) {
        const rel = (data.advanced && data.advanced.advRel) || "";
        this.setValue(rel.split(/\s+/).includes("sponsored"));
      },
      commit(data) {
        data.advanced = data.advanced || {};
        data.advanced.advRel = this.getValue() ? "sponsored" : "";
      },
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
