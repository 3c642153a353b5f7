// The printable programme (templates/public/programme/print.html): the « Imprimer » button exists
// only with JavaScript (without it, the browser's own print command does the same).
(function () {
  "use strict";
  var button = document.querySelector("[data-sps-print]");
  if (!button || !window.print) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
})();
