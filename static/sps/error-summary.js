// The error summary of a form (templates/components/_error_summary.html), DSFR pattern:
// it receives the focus when the page loads, so that a screen reader reads it first, and each
// of its links moves the focus to its field (the label or legend scrolled into view with it).
// A static file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";

  var FOCUSABLE = "input:not([type=hidden]), select, textarea, button, [tabindex]";

  function fieldOf(target) {
    if (target.matches(FOCUSABLE)) {
      return target;
    }
    return target.querySelector(FOCUSABLE);
  }

  function labelOf(field) {
    var fieldset = field.closest("fieldset");
    if (field.type === "checkbox" || field.type === "radio") {
      if (fieldset) {
        return fieldset.querySelector("legend") || fieldset;
      }
    }
    if (field.id) {
      var label = document.querySelector('label[for="' + field.id + '"]');
      if (label) {
        return label;
      }
    }
    return field;
  }

  function onClick(event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var field = target && fieldOf(target);
    if (!field) {
      return;
    }
    event.preventDefault();
    labelOf(field).scrollIntoView();
    field.focus({ preventScroll: true });
  }

  function init() {
    var summary = document.querySelector("[data-sps-error-summary]");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", onClick);
    summary.focus();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
