// baihoc slide deck. One slide at a time, 1280x720 scaled to the window;
// the keys of reveal.js (what presentation clickers send); swipes; the slide
// number in the address (#5), so a reload stays there. #presenter/5 is the
// presenter view (S opens it in a second window): the slide, the next one,
// the notes, a timer and the clock. The two windows follow each other
// through postMessage between the window and the one it opened, which works
// from file:// (where each file is its own origin), and through a
// BroadcastChannel over http(s). #print and #handout are print previews.
// A quiz question's slide keeps its answer hidden: A, or the first "next"
// (a clicker's button), reveals it; the next "next" moves on.
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var deck = doc.querySelector("main.deck");
  if (!deck) return;
  root.classList.add("deck-js");
  var W = 1280, H = 720;
  var slides = [].slice.call(deck.querySelectorAll(".slide"));
  var n = slides.length;
  var notes = slides.map(function (s) {
    var next = s.nextElementSibling;
    return next && next.classList.contains("slide-notes") ? next : null;
  });
  var key = "baihoc-deck:" + (deck.getAttribute("data-deck") || location.pathname);
  function $(name) { return doc.querySelector("[data-" + name + "]"); }
  var help = doc.querySelector(".deck-help");
  var counter = $("deck-current"), typedBox = $("deck-typed"), black = $("deck-black");
  var bar = doc.querySelector(".deck-progress span");
  var panel = $("deck-presenter"), printbar = $("deck-printbar");
  var cur = -1, mode = "", overview = false, blacked = false, typed = "";
  var peers = [], channel = null, timer = null, started = 0;
  // When the slide or the black screen last changed here: older news from
  // the other window (crossing a change made here) is not followed.
  var changed = 0;

  function setText(el, text) { if (el) el.textContent = text; }
  function pad(v) { return (v < 10 ? "0" : "") + v; }

  // Where the slides are drawn: a box of the window, in its coordinates.
  function place(s, x, y, k) {
    s.style.transform = "translate(" + x + "px," + y + "px) scale(" + k + ")";
  }
  function fitIn(s, r, top) {
    var k = Math.min(r.width / W, r.height / H);
    place(s, r.left + (r.width - W * k) / 2, r.top + (top ? 0 : (r.height - H * k) / 2), k);
  }
  function layout() {
    deck.style.height = "";
    if (mode === "print" || mode === "handout") return;
    if (overview) {
      var gap = 16, cols = Math.max(2, Math.min(5, Math.round(innerWidth / 300)));
      var w = (deck.clientWidth - gap * (cols + 1)) / cols, k = w / W;
      slides.forEach(function (s, i) {
        place(s, gap + (i % cols) * (w + gap), gap + Math.floor(i / cols) * (H * k + gap), k);
      });
      deck.style.height = gap + Math.ceil(n / cols) * (H * k + gap) + "px";
      return;
    }
    if (mode === "presenter") {
      fitIn(slides[cur], doc.querySelector(".deck-p-now").getBoundingClientRect(), true);
      if (cur + 1 < n) fitIn(slides[cur + 1], doc.querySelector(".deck-p-next").getBoundingClientRect());
      return;
    }
    fitIn(slides[cur], { left: 0, top: 0, width: deck.clientWidth, height: deck.clientHeight });
  }

  // A slide whose text does not fit (the build warned about it) is shown
  // with smaller type rather than cut off.
  function shrink(s) {
    if (s.hasAttribute("data-fitted")) return;
    s.setAttribute("data-fitted", "");
    var body = s.querySelector(".slide-body"), size = 32;
    while (body && body.scrollHeight > body.clientHeight + 1 && size > 22) {
      size -= 2;
      s.style.fontSize = size + "px";
      s.setAttribute("data-shrunk", size);
    }
  }

  function show() {
    var all = overview || mode === "print" || mode === "handout";
    slides.forEach(function (s, i) {
      var shown = all || i === cur || (mode === "presenter" && i === cur + 1);
      s.classList.toggle("is-shown", shown);
      s.classList.toggle("is-current", i === cur);
      s.classList.toggle("is-next", mode === "presenter" && i === cur + 1);
      if (shown) shrink(s);
    });
    setText(counter, cur + 1);
    if (bar) bar.style.transform = "scaleX(" + (n > 1 ? cur / (n - 1) : 1) + ")";
    if (mode === "presenter") {
      setText($("deck-position"), cur + 1 + " / " + n);
      var box = $("deck-notes"), from = notes[cur];
      box.textContent = "";
      if (from) for (var c = from.firstChild; c; c = c.nextSibling) box.appendChild(c.cloneNode(true));
      $("deck-no-notes").hidden = !!(from && from.textContent.trim());
      $("deck-end").hidden = cur + 1 < n;
    }
    layout();
  }

  // The address of what is shown: nothing after it for the first slide.
  function hash() {
    if (mode === "print" || mode === "handout") return "#" + mode;
    if (mode === "presenter") return "#presenter/" + (cur + 1);
    return cur > 0 ? "#" + (cur + 1) : "";
  }
  function writeHash() {
    var h = hash();
    if (location.hash === h) return;
    var url = location.href.split("#")[0] + h;
    try {
      history.replaceState(history.state, "", url);
    } catch (e) {
      location.replace(h || "#1");
    }
  }

  function answerOf(i) { return slides[i] && slides[i].querySelector("[data-quiz-answer]"); }
  function revealed(i) { var a = answerOf(i); return !!a && !a.hidden; }
  function reveal(i, on, remote) {
    var a = answerOf(i);
    if (!a || a.hidden === !on) return;
    a.hidden = !on;
    slides[i].classList.toggle("is-revealed", on);
    var hint = slides[i].querySelector("[data-quiz-reveal]");
    if (hint) hint.hidden = on;
    // The answer takes more room than the hint: fit the slide again.
    slides[i].removeAttribute("data-fitted");
    slides[i].style.fontSize = "";
    slides[i].removeAttribute("data-shrunk");
    if (slides[i].classList.contains("is-shown")) shrink(slides[i]);
    if (!remote) {
      changed = Date.now();
      tell("go");
    }
  }

  // Moves to slide i (0-based); `remote`: told by the other window, so not told back.
  function go(i, remote) {
    i = Math.max(0, Math.min(n - 1, Math.floor(+i) || 0));
    if (!remote && !overview && i === cur + 1 && answerOf(cur) && !revealed(cur)) {
      reveal(cur, true);
      return;
    }
    if (!remote) changed = Date.now();
    if (i !== cur) {
      cur = i;
      show();
      if (overview) slides[cur].scrollIntoView({ block: "nearest" });
    }
    writeHash();
    if (!remote) tell("go");
  }

  function setBlack(on, remote) {
    blacked = on;
    if (!remote) changed = Date.now();
    // The presenter keeps seeing the slides, and is told the screen is black.
    if (mode === "presenter") $("deck-black-info").hidden = !on;
    else black.hidden = !on;
    if (!remote) tell("go");
  }

  function setOverview(on) {
    overview = on;
    root.classList.toggle("deck-overview", on);
    slides.forEach(function (s) {
      if (on) s.setAttribute("tabindex", "-1");
      else s.removeAttribute("tabindex");
    });
    show();
    if (on) slides[cur].scrollIntoView({ block: "nearest" });
    else scrollTo(0, 0);
  }

  function setMode(m) {
    if (m === mode) return;
    mode = m;
    ["presenter", "print", "handout"].forEach(function (x) {
      root.classList.toggle("deck-mode-" + x, m === x);
    });
    panel.hidden = m !== "presenter";
    printbar.hidden = m !== "print" && m !== "handout";
    if (m !== "presenter") $("deck-black-info").hidden = true;
    if (m === "print" || m === "handout") setOverview(false);
    if (m === "presenter") startClock();
    if (cur >= 0) show();
  }

  function fromHash() {
    var h = location.hash.slice(1);
    try { h = decodeURIComponent(h); } catch (e) { /* as written */ }
    var m = /^(presenter)?\/?(\d*)$/.exec(h), target = -1;
    if (h === "print" || h === "handout") {
      setMode(h);
      if (cur < 0) go(0, true);
      return;
    }
    if (m) {
      setMode(m[1] ? "presenter" : "");
      if (m[2]) target = +m[2] - 1;
    } else {
      // A link to a heading (#id) goes to its slide.
      var el = doc.getElementById(h), s = el && el.closest(".slide");
      if (mode !== "presenter") setMode("");
      if (s) target = slides.indexOf(s);
    }
    go(target >= 0 ? target : Math.max(cur, 0), true);
  }

  // The other window: the presenter view and the audience's window.
  function tell(kind) {
    var m = { baihoc: "deck", deck: key, kind: kind, slide: cur, black: blacked, revealed: revealed(cur), at: changed };
    var to = peers.slice();
    if (window.opener && to.indexOf(window.opener) < 0) to.push(window.opener);
    to.forEach(function (w) {
      try { if (!w.closed) w.postMessage(m, "*"); } catch (e) { /* gone */ }
    });
    if (channel) channel.postMessage(m);
  }
  function receive(m, source) {
    if (!m || m.baihoc !== "deck" || m.deck !== key) return;
    if (source && source !== window && peers.indexOf(source) < 0) peers.push(source);
    if (m.kind === "hello") {
      // A presenter view (re)opened: it follows this window.
      if (mode !== "presenter") tell("state");
      return;
    }
    if (!(m.at >= changed)) return;
    changed = m.at;
    go(m.slide, true);
    if (typeof m.revealed === "boolean") reveal(cur, m.revealed, true);
    if (typeof m.black === "boolean" && m.black !== blacked) setBlack(m.black, true);
  }
  window.addEventListener("message", function (e) { receive(e.data, e.source); });
  if (window.BroadcastChannel && /^https?:$/.test(location.protocol)) {
    channel = new BroadcastChannel(key);
    channel.onmessage = function (e) { receive(e.data, null); };
  }

  function openPresenter() {
    if (mode === "presenter") return;
    var w = window.open(location.href.split("#")[0] + "#presenter/" + (cur + 1), "baihoc-presenter", "popup,width=1200,height=760");
    if (w) {
      if (peers.indexOf(w) < 0) peers.push(w);
      closeHelp();
    } else {
      openHelp();
      $("deck-blocked").hidden = false;
    }
  }

  function startClock() {
    if (timer) return;
    try { started = +sessionStorage.getItem(key + ":started") || 0; } catch (e) { /* no storage */ }
    if (!started) resetTimer();
    tick();
    timer = setInterval(tick, 1000);
    tell("hello");
    // Heard by an audience window that was reloaded and no longer knows this one.
    setInterval(function () { tell("hello"); }, 2000);
  }
  function resetTimer() {
    started = Date.now();
    try { sessionStorage.setItem(key + ":started", started); } catch (e) { /* no storage */ }
    tick();
  }
  function tick() {
    var s = Math.max(0, Math.floor((Date.now() - started) / 1000)), now = new Date();
    var m = Math.floor(s / 60);
    setText($("deck-timer"), (m >= 60 ? Math.floor(m / 60) + ":" + pad(m % 60) : m) + ":" + pad(s % 60));
    setText($("deck-clock"), pad(now.getHours()) + ":" + pad(now.getMinutes()));
  }

  function openHelp() {
    if (!help.open) help.showModal();
  }
  function closeHelp() {
    if (help.open) help.close();
    $("deck-blocked").hidden = true;
  }

  function fullscreen() {
    var f = doc.fullscreenElement || doc.webkitFullscreenElement;
    var p;
    if (f) p = (doc.exitFullscreen || doc.webkitExitFullscreen).call(doc);
    else if (root.requestFullscreen) p = root.requestFullscreen();
    else if (root.webkitRequestFullscreen) root.webkitRequestFullscreen();
    if (p && p.catch) p.catch(function () { /* refused: stay as is */ });
  }

  function printAs(m) {
    closeHelp();
    setMode(m);
    writeHash();
  }

  function act(a) {
    if (a === "next") go(cur + 1);
    else if (a === "prev") go(cur - 1);
    else if (a === "overview") setOverview(!overview);
    else if (a === "help") openHelp();
    else if (a === "close") closeHelp();
    else if (a === "presenter") openPresenter();
    else if (a === "reset") resetTimer();
    else if (a === "print") window.print();
    else if (a === "print-slides") printAs("print");
    else if (a === "print-handout") printAs("handout");
    else if (a === "return") { setMode(""); go(cur, true); }
  }

  doc.addEventListener("click", function (e) {
    var t = e.target && e.target.closest ? e.target : null;
    var b = t && t.closest("[data-act]");
    if (b) {
      act(b.getAttribute("data-act"));
      return;
    }
    var s = overview && t && t.closest(".slide");
    if (s) {
      e.preventDefault();
      go(slides.indexOf(s));
      setOverview(false);
    }
  });

  doc.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target, k = e.key;
    if (t && t.closest && t.closest("input:not([type=checkbox]), textarea, select, [contenteditable]")) return;
    if (help.open) {
      if (k === "?") closeHelp();
      else return;
      e.preventDefault();
      return;
    }
    if (mode === "print" || mode === "handout") return;
    if (blacked && mode !== "presenter" && k !== "Shift") {
      // Any key brings the picture back (B and . as on a clicker).
      setBlack(false);
      e.preventDefault();
      return;
    }
    if (/^[0-9]$/.test(k)) {
      typed = (typed + k).slice(-4);
      typedBox.hidden = false;
      setText(typedBox, typed);
      e.preventDefault();
      return;
    }
    var number = typed;
    typed = "";
    typedBox.hidden = true;
    if (k === "Enter" && number) go(+number - 1);
    else if (overview && (k === "ArrowDown" || k === "ArrowUp")) {
      var cols = Math.max(2, Math.min(5, Math.round(innerWidth / 300)));
      go(cur + (k === "ArrowDown" ? cols : -cols));
    } else if (k === "Enter" && overview) setOverview(false);
    else if (k === " ") go(cur + (e.shiftKey ? -1 : 1));
    else if (/^(ArrowRight|ArrowDown|PageDown|n|N)$/.test(k)) go(cur + 1);
    else if (/^(ArrowLeft|ArrowUp|PageUp|p|P)$/.test(k)) go(cur - 1);
    else if (k === "Home") go(0);
    else if (k === "End") go(n - 1);
    else if (/^(b|B|\.)$/.test(k)) setBlack(!blacked);
    else if ((k === "a" || k === "A") && answerOf(cur)) reveal(cur, !revealed(cur));
    else if (k === "f" || k === "F") fullscreen();
    else if (/^(o|O|Escape)$/.test(k)) setOverview(!overview);
    else if (k === "?") openHelp();
    else if (k === "s" || k === "S") openPresenter();
    else return;
    e.preventDefault();
  });

  // Swipe left for the next slide, right for the previous one.
  var sx = null, sy = 0;
  doc.addEventListener("touchstart", function (e) {
    sx = e.touches.length === 1 ? e.touches[0].clientX : null;
    sy = sx === null ? 0 : e.touches[0].clientY;
  }, { passive: true });
  doc.addEventListener("touchend", function (e) {
    if (sx === null || overview || mode === "print" || mode === "handout") return;
    var p = e.changedTouches[0], dx = p.clientX - sx, dy = p.clientY - sy;
    sx = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) go(cur + (dx < 0 ? 1 : -1));
  }, { passive: true });

  window.addEventListener("resize", layout);
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
