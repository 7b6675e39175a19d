// baihoc preview: stands in for the course's service worker, which would
// store the whole course and could show stored pages instead of the ones
// being written. It removes itself, and the caches an earlier offline copy
// of this address left, as soon as a page registers it.
"use strict";
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("baihoc:")) await caches.delete(name);
      }
      await self.registration.unregister();
    })()
  );
});
