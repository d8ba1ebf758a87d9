// Kabeuchi's own small script, served from this server (no third-party code, no tracking).
(function () {
  "use strict";
  // Forms marked data-confirm ask once before doing something that cannot be undone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    // Signing out takes along the drafts talk.js kept in this tab, so the next person at a
    // shared screen finds none of them.
    if (form.hasAttribute && form.hasAttribute("data-sign-out")) {
      try {
        for (var n = window.sessionStorage.length - 1; n >= 0; n--) {
          var key = window.sessionStorage.key(n);
          if (key && key.indexOf("kabeuchi:draft:") === 0) { window.sessionStorage.removeItem(key); }
        }
      } catch (e) { /* storage off: nothing was kept */ }
    }
  });
})();

// Text limits are said, never enforced by cutting: a browser silently drops whatever goes past
// maxlength.  So maxlength is taken off, and near the limit a live count says how much is left
// (and, past it, how much too much: the server then refuses with its message, keeping the text).
(function () {
  "use strict";
  var NEAR = 0.8;
  var FALLBACK = {
    ja: { near: "%(count)s / %(max)s 文字（あと %(left)s 文字）", over: "%(count)s / %(max)s 文字：%(over)s 文字多すぎます。短くしてください（切り捨てはしません）。", limit: "%(max)s 文字まで書けます。" },
    en: { near: "%(count)s of %(max)s characters (%(left)s left).", over: "%(count)s of %(max)s characters: %(over)s too many. Please shorten it; nothing is cut off.", limit: "Up to %(max)s characters." }
  };
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return Number(values[key]).toLocaleString(); });
  }
  function attach(area) {
    var max = Number(area.getAttribute("data-max-chars") || area.getAttribute("maxlength"));
    if (!max) { return; }
    area.removeAttribute("maxlength");
    area.setAttribute("data-max-chars", String(max));
    var note = area.id && document.getElementById(area.id + "_limit");
    var strings = FALLBACK[(document.documentElement.lang || "ja").slice(0, 2)] || FALLBACK.ja;
    if (!note) {
      note = document.createElement("p");
      note.className = "help char-limit";
      note.setAttribute("aria-live", "polite");
      if (area.id) { note.id = area.id + "_limit"; }
      note.textContent = fill(strings.limit, { max: max });
      area.insertAdjacentElement("afterend", note);
    }
    var initial = note.textContent;
    var near = note.getAttribute("data-near") || strings.near;
    var over = note.getAttribute("data-over") || strings.over;
    var describedBy = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (note.id && describedBy.indexOf(note.id) < 0) { describedBy.push(note.id); area.setAttribute("aria-describedby", describedBy.join(" ")); }
    function update() {
      var count = area.value.length;
      var values = { count: count, max: max, left: Math.max(0, max - count), over: Math.max(0, count - max) };
      if (count > max) { note.textContent = fill(over, values); note.classList.add("error"); }
      else if (count >= max * NEAR) { note.textContent = fill(near, values); note.classList.remove("error"); }
      else { note.textContent = initial; note.classList.remove("error"); }
    }
    area.addEventListener("input", update);
    update();
  }
  function scan(root) {
    var areas = (root || document).querySelectorAll("textarea[maxlength], textarea[data-max-chars]");
    for (var i = 0; i < areas.length; i++) { attach(areas[i]); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { scan(document); }); }
  else { scan(document); }
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();

// Installable on a phone: register the service worker named in the page's head.  It keeps static
// files only (style sheet, scripts, icons, an offline page); pages and API answers are never
// cached (kabeuchi/core/pwa.py, docs/privacy.md P42).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="kabeuchi-service-worker"]');
  if (!meta || !("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(meta.getAttribute("content"), { scope: "/" }).catch(function () {
      // No worker: the site works as before, only without the offline page.
    });
  });
})();
