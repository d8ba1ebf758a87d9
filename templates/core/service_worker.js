// Kabeuchi's service worker: makes the app installable and opens an offline page when there is
// no network.  It keeps STATIC FILES ONLY (style sheet, scripts, icons, the offline page, which
// holds fixed wording).  A page or an API answer is never put in a cache: what a person writes
// must not be left on the phone's disk (docs/privacy.md P42).  Nothing is counted or reported.
"use strict";

const CONFIG = {{ config }};

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(CONFIG.staticPrefix);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CONFIG.cache)
      .then((cache) => cache.addAll(CONFIG.precache.map((url) => new Request(url, { credentials: "omit" }))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name !== CONFIG.cache).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

// A static file: from the cache at once when it is there, refreshed from the network behind it.
// Only a complete, same-origin answer under the static prefix is ever stored.
function staticFile(request) {
  return caches.open(CONFIG.cache).then((cache) =>
    cache.match(request).then((cached) => {
      const fresh = fetch(request).then((response) => {
        if (response.ok && response.type === "basic" && isStatic(new URL(response.url))) {
          cache.put(request, response.clone());
        }
        return response;
      });
      if (cached) {
        fresh.catch(() => undefined);
        return cached;
      }
      return fresh;
    })
  );
}

// A page: always from the network, never stored; the offline page only when the network fails.
function page(request) {
  return fetch(request).catch(() =>
    caches.match(CONFIG.offline).then((offline) => offline || Response.error())
  );
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return; // forms, replies and the API go straight to the network
  }
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    event.respondWith(page(request));
  } else if (isStatic(url)) {
    event.respondWith(staticFile(request));
  }
  // anything else (API calls, fragments, downloads): not touched, not stored
});
