// The notebook's proposals page: "Discard" just removes the idea from this page.  Proposals are
// never stored, so there is nothing to tell the server.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-discard]");
    if (!button) { return; }
    var card = button.closest("[data-proposal]");
    if (card) { card.remove(); }
  });
})();
