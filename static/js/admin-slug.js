/* Django's URLify turns "ä" into "a" and drops English stop words; German readers expect
   "ae" and every word. This replaces it with the same rules as blog.slugs.german_slugify,
   so the prefilled slug is the one the server would derive. */
"use strict";
(function () {
  const GERMAN = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };

  window.URLify = function (text, maxLength) {
    let slug = text.replace(/[äöüÄÖÜßẞ]/g, (letter) => GERMAN[letter]);
    slug = slug.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase();
    slug = slug.replace(/[^\w\s-]/g, "").replace(/[-\s]+/g, "-").replace(/^[-_]+|[-_]+$/g, "");
    return slug.slice(0, maxLength).replace(/[-_]+$/, "");
  };
})();
