// baihoc default theme. Everywhere: open collapsed boxes before printing.
// Over http(s) only (a service worker cannot run from file://): announce the
// web app manifest, register the service worker that stores the course for
// offline reading, and tell the reader when the course was stored or updated.
(function () {
  "use strict";
  // A printed page shows everything: open the boxes that open on demand.
  window.addEventListener("beforeprint", function () {
    var boxes = document.querySelectorAll("details:not([open])");
    for (var i = 0; i < boxes.length; i++) boxes[i].setAttribute("open", "");
  });
  if (!/^https?:$/.test(location.protocol)) return;
  var script = document.currentScript;
  if (!script) return;
  // This file is js/site.<hash>.js: the site root is one folder up.
  var root = new URL("../", script.src);

  var manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = new URL("manifest.webmanifest", root).href;
  document.head.appendChild(manifest);

  if (!("serviceWorker" in navigator)) return;

  function show(selector) {
    var el = document.querySelector(selector);
    if (el) el.hidden = false;
    return el;
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    var type = event.data && event.data.type;
    if (type === "baihoc-updated") show("[data-baihoc-update]");
    else if (type === "baihoc-offline-ready") {
      var note = show("[data-baihoc-offline-ready]");
      // Good news needs no action: it goes away by itself.
      if (note) setTimeout(function () { note.hidden = true; }, 10000);
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) return;
    if (target.closest("[data-baihoc-reload]")) location.reload();
    var dismiss = target.closest("[data-baihoc-dismiss]");
    if (dismiss) dismiss.parentNode.hidden = true;
  });
  navigator.serviceWorker
    .register(new URL("sw.js", root).href, { scope: root.href })
    .catch(function () {
      // No offline copy (private mode, storage full): the site works online as usual.
    });
})();
