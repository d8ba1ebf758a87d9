// Kabeuchi's own small script, served from this server (no third-party code, no tracking).
(function () {
  "use strict";
  // Forms marked data-confirm ask once before doing something that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
