// The generated file's page (templates/files/generated_file.html): while the job is pending or
// running, fetch the page again every few seconds and replace the status block, until the file
// is ready or has failed. Without JavaScript, the page's « Actualiser » link does the same.
(function () {
  "use strict";
  var region = document.getElementById("generated-file-status");
  if (!region || region.getAttribute("data-active") !== "true" || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = 1500;
  function poll() {
    window
      .fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("generated-file-status");
        if (!fresh) {
          return;
        }
        region.innerHTML = fresh.innerHTML;
        region.setAttribute("data-active", fresh.getAttribute("data-active"));
        if (fresh.getAttribute("data-active") === "true") {
          delay = Math.min(delay * 1.3, 10000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, delay);
})();
