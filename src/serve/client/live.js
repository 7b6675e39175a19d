// baihoc preview: reloads this tab when the page or a file it may use
// changes, and shows build errors over the last good page. Served by
// `baihoc serve` from the binary at /__baihoc/live.js and added to pages
// only by the preview: a build never contains it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.EventSource) return;
  var base = new URL("./", script.src);
  var here = location.pathname;
  if (here.endsWith("/")) here += "index.html";
  try {
    here = decodeURIComponent(here);
  } catch (e) {
    // Keep the path as it is.
  }
  here = here.replace(/^\/+/, "");
  var instance = null;
  var overlay = null;

  function relevant(paths) {
    if (!paths || paths.length === 0) return true;
    for (var i = 0; i < paths.length; i++) {
      var p = paths[i];
      if (p === here) return true;
      // A style sheet, script or image may be on this page; sw.js never is.
      if (!/\.html$/.test(p) && p !== "sw.js") return true;
    }
    return false;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function where(d) {
    if (!d.file) return "";
    var s = d.file;
    if (d.line) s += ":" + d.line + (d.column ? ":" + d.column : "");
    return s;
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function show(diagnostics) {
    hide();
    if (!document.querySelector("link[data-baihoc-live]")) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("live.css", base).href;
      css.setAttribute("data-baihoc-live", "");
      document.head.appendChild(css);
    }
    overlay = el("section", "baihoc-live-overlay");
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("data-baihoc-overlay", "");
    var errors = diagnostics.filter(function (d) { return d.severity === "error"; });
    overlay.appendChild(el("h2", null, "baihoc: the last change could not be built (" +
      errors.length + (errors.length === 1 ? " error" : " errors") + ")"));
    overlay.appendChild(el("p", "baihoc-live-note",
      "This is the last good version of the page. Fix the file and save: the page reloads by itself."));
    var list = el("ol");
    diagnostics.forEach(function (d) {
      var item = el("li", "baihoc-live-" + d.severity);
      var head = el("p");
      var at = where(d);
      if (at) head.appendChild(el("code", "baihoc-live-where", at));
      head.appendChild(el("strong", null, " " + d.severity + ": "));
      head.appendChild(document.createTextNode(d.message));
      item.appendChild(head);
      if (d.hint) item.appendChild(el("p", "baihoc-live-hint", "hint: " + d.hint));
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var close = el("button", null, "Close");
    close.type = "button";
    close.addEventListener("click", hide);
    overlay.appendChild(close);
    document.body.appendChild(overlay);
  }

  var source = new EventSource(new URL("events", base).href);
  source.addEventListener("hello", function (event) {
    var data = JSON.parse(event.data);
    // The server was restarted: what it serves may have changed.
    if (instance !== null && instance !== data.instance) location.reload();
    instance = data.instance;
    if (data.diagnostics.length) show(data.diagnostics);
    else hide();
  });
  source.addEventListener("reload", function (event) {
    var data = JSON.parse(event.data);
    hide();
    if (relevant(data.paths)) location.reload();
  });
  source.addEventListener("failed", function (event) {
    show(JSON.parse(event.data).diagnostics);
  });
})();
