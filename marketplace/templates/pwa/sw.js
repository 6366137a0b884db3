/* The shop's service worker, rendered by marketplace/pwa.py.

   It keeps the shop's static files and the offline page, nothing else: no page is stored,
   so a basket, checkout, account, the producers' portal, the dashboard or the CMS only ever
   come from the network. A page that cannot be fetched is answered with the offline page,
   in the visitor's language. The cache's name changes with what it holds; older caches are
   deleted once this worker takes over. */
"use strict";

const CONFIG = {{ config|safe }};

self.addEventListener("install", (event) => {
  const wanted = CONFIG.precache.concat(Object.values(CONFIG.offline));
  event.waitUntil(
    caches.open(CONFIG.cache).then((cache) => cache.addAll(wanted)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith(CONFIG.prefix) && name !== CONFIG.cache)
          .map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

async function offlinePage() {
  // The shop's language is a cookie; workers can read it where the Cookie Store API exists.
  let language = CONFIG.defaultLanguage;
  if (self.cookieStore) {
    try {
      const cookie = await self.cookieStore.get(CONFIG.languageCookie);
      if (cookie && CONFIG.offline[cookie.value]) { language = cookie.value; }
    } catch (error) { /* keep the default */ }
  }
  const cache = await caches.open(CONFIG.cache);
  return (await cache.match(CONFIG.offline[language])) || Response.error();
}

async function cacheFirst(request) {
  const cache = await caches.open(CONFIG.cache);
  const kept = await cache.match(request);
  if (kept) { return kept; }
  const response = await fetch(request);
  if (response.ok) { cache.put(request, response.clone()); }
  return response;
}

async function networkFirst(request) {
  const cache = await caches.open(CONFIG.cache);
  try {
    const response = await fetch(request);
    if (response.ok) { cache.put(request, response.clone()); }
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) { return kept; }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.startsWith(CONFIG.staticUrl)) {
    // Hashed names (production) never change content; plain ones (development) may.
    event.respondWith(CONFIG.hashedNames ? cacheFirst(request) : networkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  }
  // Anything else (pages' data, uploads) goes to the network as if there were no worker.
});
