// Service worker of a baihoc course: on the first visit it stores every page
// and file of the site, so the whole course reads with the network off.
// Generated at build time: FILES maps each file to a hash of its content.
"use strict";

const VERSION = "{{ version }}";
const FILES = {{ files | safe }};
// Files beside the lessons beyond the precache budget: stored when first opened.
const LATER = {{ later | safe }};
const OFFLINE_PAGE = "{{ offline_page }}";
// Several courses may live on one host (/khoa-a/, /khoa-b/): caches are per scope.
const PREFIX = "baihoc:" + self.registration.scope + ":";
const CACHE = PREFIX + VERSION;
const INDEX = "__baihoc_files__.json";
// On weak mobile data a page comes from the network if it answers quickly,
// else from the stored copy.
const NETWORK_TIMEOUT_MS = 4000;
const PARALLEL_DOWNLOADS = 4;

const inScope = (path) => new URL(path, self.registration.scope).href;

// Caches of earlier versions, with the file list each was made from.
async function earlierVersions() {
  const found = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const cache = await caches.open(name);
    const index = await cache.match(inScope(INDEX));
    if (!index) continue;
    try {
      found.push({ cache, files: await index.json() });
    } catch (e) {
      // An unreadable list: nothing can be reused from that cache.
    }
  }
  return found;
}

// Stores every file; a file whose hash did not change is copied from the
// previous version instead of downloaded again. If the network fails half
// way, the install fails and the browser tries again later, starting from
// what was already stored.
async function precache() {
  const cache = await caches.open(CACHE);
  const earlier = await earlierVersions();
  const paths = Object.keys(FILES);
  let next = 0;
  async function worker() {
    while (next < paths.length) {
      const path = paths[next++];
      const url = inScope(path);
      // Stored by an earlier attempt that the network cut short: keep it.
      if (await cache.match(url)) continue;
      let response;
      for (const old of earlier) {
        if (old.files[path] === FILES[path]) {
          response = await old.cache.match(url);
          if (response) break;
        }
      }
      if (!response) {
        response = await fetch(url, { cache: "no-cache" });
        if (!response.ok) throw new Error(url + ": " + response.status);
      }
      await cache.put(url, response);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  await cache.put(
    inScope(INDEX),
    new Response(JSON.stringify(FILES), { headers: { "Content-Type": "application/json" } })
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const old = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE);
      await Promise.all(old.map((n) => caches.delete(n)));
      await self.clients.claim();
      const type = old.length ? "baihoc-updated" : "baihoc-offline-ready";
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.postMessage({ type, version: VERSION });
      }
    })()
  );
});

// The cache key of a request: no query or fragment, a folder means its index.html.
function keyOf(url) {
  let key = url.origin + url.pathname;
  if (key.endsWith("/")) key += "index.html";
  return key;
}

async function stored(url) {
  const cache = await caches.open(CACHE);
  return cache.match(keyOf(url));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

// A file of LATER fetched from the network is kept for the next time offline.
async function keepIfLater(url, response) {
  const path = keyOf(url).slice(self.registration.scope.length);
  if (response.ok && Object.prototype.hasOwnProperty.call(LATER, path)) {
    const cache = await caches.open(CACHE);
    await cache.put(keyOf(url), response.clone());
  }
  return response;
}

// Pages: the network when it answers quickly (so an online reader sees the
// newest version), else the stored copy, else the offline page.
async function page(request, url) {
  try {
    return await keepIfLater(url, await withTimeout(fetch(request), NETWORK_TIMEOUT_MS));
  } catch (e) {
    const copy = await stored(url);
    if (copy) return copy;
    return Response.redirect(inScope(OFFLINE_PAGE), 302);
  }
}

// Everything else has a content hash in its name or rarely changes: stored copy first.
async function file(request, url) {
  const copy = await stored(url);
  return copy || keepIfLater(url, await fetch(request));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (!url.href.startsWith(self.registration.scope)) return;
  event.respondWith(request.mode === "navigate" ? page(request, url) : file(request, url));
});
