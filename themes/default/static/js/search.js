// baihoc default theme: search, in the reader's browser, offline and from
// file://. The index (search/index.js, written by the build) is a script
// that calls baihocSearch.add({...}); it is loaded with a <script> element
// (file:// refuses fetch) the first time a search box is used, so reading
// a page never pays for it. On a large site the index is split: words in
// files cut at word boundaries, texts for snippets in files of pages, each
// loaded when a query or a result needs it.
//
// Words are folded exactly as the build folds them (src/text.rs `fold`,
// src/products/search/tokens.rs): decomposed, every mark removed, đ → d,
// lowercase; a word is a run of letters and digits. A test runs this file
// in Node and compares it with the Rust side on the same strings.
//
// Ranking: a page matches when it has every word of the query (the last
// one may be the start of a word, as the reader types). Title matches
// count most (earlier in the title more), then headings, the description,
// then text (more occurrences count less and less); words next to each
// other in the order of the query add to it; when the query has
// diacritics, a word written exactly so counts fully and one that only
// folds the same ("mục" for "mức") much less. The result links to the
// heading of the part that matched best, or to the top of the page when
// its title has every word.
(function (global) {
  "use strict";

  // ---------------------------------------------------------------------
  // Folding and words

  var MAX_WORD_CHARS = 40;
  var MARKS = /\p{M}/gu;
  var D = /[đĐðÐ]/g;
  var WORD_CHAR = /^[\p{Alphabetic}\p{N}]$/u;

  /** The fold of a text: decomposed, no marks, đ → d, lowercase. */
  function fold(text) {
    return String(text).normalize("NFD").replace(MARKS, "").replace(D, "d").toLowerCase();
  }

  // What a character is to a word, by its code for the BMP (computed once
  // per character): a string, its fold when that is one word character;
  // "" for a combining mark (part of the word it follows); SEP when it is
  // no part of a word; otherwise [folded characters, is each a word
  // character].
  var SEP = 0;
  var BMP = new Array(0x10000);
  var astral = new Map();

  function classify(c) {
    var folded = Array.from(fold(c));
    if (folded.length === 0) return "";
    if (folded.length === 1) return WORD_CHAR.test(folded[0]) ? folded[0] : SEP;
    return [folded, folded.map(function (g) { return WORD_CHAR.test(g); })];
  }

  function lower(c) {
    return c.toLowerCase();
  }

  /**
   * The words of a text, in order: { start, end (UTF-16 offsets in text),
   * folded, exact } with exact the word as written, composed and lowercase
   * (with `lean`, exact is left as the folded form: snippets need no more).
   */
  function tokens(text, lean) {
    var out = [];
    var open = false, start = 0, end = 0, folded = "", count = 0, cut = false;
    function finish() {
      if (!open) return;
      open = false;
      var exact = folded;
      // Composed, each character lowercased on its own (no final ς).
      if (!lean && !cut) exact = Array.from(text.slice(start, end).normalize("NFC"), lower).join("") || folded;
      out.push({ start: start, end: end, folded: folded, exact: exact });
    }
    function letter(g, at) {
      if (!open) { open = true; start = at; folded = ""; count = 0; cut = false; }
      if (count < MAX_WORD_CHARS) { folded += g; count++; } else cut = true;
    }
    var n = text.length;
    for (var i = 0; i < n; ) {
      var code = text.charCodeAt(i);
      if (code < 128) {
        if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) { letter(text[i], i); end = i + 1; }
        else if (code >= 65 && code <= 90) { letter(String.fromCharCode(code + 32), i); end = i + 1; }
        else finish();
        i += 1;
        continue;
      }
      var len = 1, info;
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < n) {
        var c = String.fromCodePoint(text.codePointAt(i));
        len = c.length;
        info = astral.get(c);
        if (info === undefined) { info = classify(c); astral.set(c, info); }
      } else {
        info = BMP[code];
        if (info === undefined) info = BMP[code] = classify(text[i]);
      }
      if (typeof info === "string") {
        if (info !== "") letter(info, i);
        if (open) end = i + len;
      } else if (info === SEP) {
        finish();
      } else {
        for (var k = 0; k < info[0].length; k++) {
          if (info[1][k]) letter(info[0][k], i);
          else finish();
        }
        if (open) end = i + len;
      }
      i += len;
    }
    finish();
    return out;
  }

  // ---------------------------------------------------------------------
  // The index

  // The number code of the build (src/products/search/index.rs push_number).
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = new Int8Array(128).fill(-1);
  for (var di = 0; di < 64; di++) VALUE[DIGITS.charCodeAt(di)] = di;

  function numbers(code) {
    var out = [];
    var n = 0, shift = 0;
    for (var i = 0; i < code.length; i++) {
      var v = VALUE[code.charCodeAt(i)];
      n += (v & 31) * Math.pow(2, shift);
      if (v >= 32) shift += 5;
      else { out.push(n); n = 0; shift = 0; }
    }
    return out;
  }

  /** A form's postings: parts, and for part j its positions pos[at[j]..at[j+1]). */
  function decode(code) {
    var n = numbers(code);
    var parts = [], at = [], pos = [];
    var part = 0;
    for (var i = 0; i < n.length; ) {
      part += n[i++];
      parts.push(part);
      at.push(pos.length);
      var p = n[i++] - 1;
      pos.push(p);
      while (i < n.length && n[i] !== 0) { p += n[i++]; pos.push(p); }
      i++;
    }
    at.push(pos.length);
    return { parts: parts, at: at, pos: pos };
  }

  var index = null; // pages, parts, h, d, split
  var wordFiles = []; // by number: { w: [...], p: [...], decoded: Map }
  var textFiles = []; // by number: { from, docs }
  var waiting = []; // callbacks for add()

  function add(data) {
    if (data.v) {
      var pages = data.pages;
      var count = numbers(data.parts);
      var first = new Int32Array(pages.length + 1);
      for (var p = 0; p < pages.length; p++) first[p + 1] = first[p] + (count[p] || 0);
      var pageOf = new Int32Array(first[pages.length]);
      for (p = 0; p < pages.length; p++) pageOf.fill(p, first[p], first[p + 1]);
      index = { pages: pages, first: first, pageOf: pageOf, h: numbers(data.h), d: numbers(data.d), split: data.split || null };
    }
    if (data.words) wordFiles[data.words.n] = { w: data.words.w, p: data.words.p, decoded: new Map() };
    if (data.text) textFiles[data.text.n] = data.text;
    var w = waiting;
    waiting = [];
    w.forEach(function (f) { f(); });
  }

  /** Which words file holds `word` (0 when the index is one file). */
  function wordFileOf(word) {
    var b = index.split ? index.split.words : [];
    var lo = 0, hi = b.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (b[mid] <= word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function textFileOf(page) {
    return index.split ? Math.floor(page / index.split.text) : 0;
  }

  /** The words files a query needs: its words', and for the last, its prefix's. */
  function wordFilesFor(terms) {
    var need = [];
    terms.forEach(function (t) {
      var from = wordFileOf(t.folded);
      var to = t.prefix ? wordFileOf(t.folded + "\uffff") : from;
      for (var k = from; k <= to; k++) if (need.indexOf(k) < 0) need.push(k);
    });
    return need;
  }

  // ---------------------------------------------------------------------
  // Queries and ranking

  var FOLDED_ONLY = 0.4; // "mục" for a query "mức"
  var PREFIX = 0.6; // "hoạt" for "ho"
  var MAX_EXPANSIONS = 100; // words one prefix may stand for
  var TITLE = 12, HEADING = 6, DESCRIPTION = 4, TEXT = 3;
  var NEXT_TO = 3; // two query words side by side
  var TITLE_NEXT_TO = 4;
  var TITLE_LATER = 0.05; // less per title word before the match (at most 8)
  var MAX_RESULTS = 50;
  var FIRST = 4; // results laid out with the keystroke (a phone screen of them); the rest just after

  /** The words of a query: { folded, exact, marked, prefix }. */
  function parse(query) {
    var list = tokens(query);
    var ended = /[^\p{Alphabetic}\p{N}\p{M}]$/u.test(query);
    return list.map(function (t, i) {
      return {
        folded: t.folded,
        exact: t.exact,
        marked: t.exact !== t.folded,
        prefix: i === list.length - 1 && !ended,
      };
    });
  }

  /** How much a form counts for a query word. */
  function formWeight(t, folded, exact, whole) {
    var e = exact || folded;
    var w = 1;
    if (t.marked) w = (whole ? e === t.exact : e.indexOf(t.exact) === 0) ? 1 : FOLDED_ONLY;
    return whole ? w : w * PREFIX;
  }

  /** Where a query word occurs: Map part → [[position, weight]...]. */
  function occurrences(t) {
    var found = new Map();
    function take(file, i, whole) {
      var forms = file.p[i];
      for (var j = 0; j < forms.length; j += 2) {
        var key = i + ":" + j;
        var post = file.decoded.get(key);
        if (!post) { post = decode(forms[j + 1]); file.decoded.set(key, post); }
        var w = formWeight(t, file.w[i], forms[j], whole);
        for (var k = 0; k < post.parts.length; k++) {
          var part = post.parts[k];
          var list = found.get(part);
          if (!list) { list = []; found.set(part, list); }
          for (var q = post.at[k]; q < post.at[k + 1]; q++) list.push([post.pos[q], w]);
        }
      }
    }
    var from = wordFileOf(t.folded);
    var to = t.prefix ? wordFileOf(t.folded + "\uffff") : from;
    var expansions = 0;
    for (var f = from; f <= to; f++) {
      var file = wordFiles[f];
      if (!file) continue;
      var words = file.w;
      var lo = 0, hi = words.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (words[mid] < t.folded) lo = mid + 1;
        else hi = mid;
      }
      for (var i = lo; i < words.length; i++) {
        var whole = words[i] === t.folded;
        if (!whole && (!t.prefix || words[i].indexOf(t.folded) !== 0)) break;
        if (!whole && ++expansions > MAX_EXPANSIONS) break;
        take(file, i, whole);
      }
    }
    return found;
  }

  /** The best weight of positions in [lo, hi), and the first such position. */
  function bestIn(list, lo, hi) {
    var best = 0, at = -1;
    for (var i = 0; i < list.length; i++) {
      var p = list[i][0];
      if (p >= lo && p < hi && list[i][1] > best) { best = list[i][1]; at = p; }
    }
    return [best, at];
  }

  /** Pairs of query words found side by side, in order, within [lo, hi). */
  function sideBySide(lists, lo, hi) {
    var score = 0, all = lists.length > 1;
    for (var i = 0; i + 1 < lists.length; i++) {
      var a = lists[i], b = lists[i + 1];
      if (!a || !b) { all = false; continue; }
      var best = 0;
      var next = new Map();
      for (var k = 0; k < b.length; k++) next.set(b[k][0], Math.max(next.get(b[k][0]) || 0, b[k][1]));
      for (k = 0; k < a.length; k++) {
        var p = a[k][0];
        if (p < lo || p >= hi) continue;
        var w = next.get(p + 1);
        if (w) best = Math.max(best, Math.min(a[k][1], w));
      }
      if (best) score += best;
      else all = false;
    }
    return all ? score * 1.5 : score;
  }

  /** The score of one part of a page, without its title. */
  function partScore(lists, part, isFirst, h, d) {
    var score = 0;
    var textFrom = isFirst ? d : h;
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i];
      if (!list) continue;
      if (isFirst) score += DESCRIPTION * bestIn(list, h, d)[0];
      else score += HEADING * bestIn(list, 0, h)[0];
      var sum = 0;
      for (var k = 0; k < list.length; k++) if (list[k][0] > textFrom) sum += list[k][1];
      score += (TEXT * sum) / (sum + 1.2);
    }
    return score + NEXT_TO * sideBySide(lists, isFirst ? h : 0, Infinity);
  }

  /**
   * Searches the loaded index: { terms, total, results: [{ page, part,
   * score }] } best first. The words files the query needs must be loaded
   * (see `whenReady`).
   */
  function search(query) {
    var terms = parse(query);
    if (!terms.length || !index) return { terms: terms, total: 0, results: [] };
    var found = terms.map(occurrences);
    // Pages with every word.
    var pagesOf = found.map(function (m) {
      var s = new Set();
      m.forEach(function (_, part) { s.add(index.pageOf[part]); });
      return s;
    });
    var smallest = pagesOf.reduce(function (a, b) { return a.size <= b.size ? a : b; });
    var results = [];
    smallest.forEach(function (page) {
      for (var i = 0; i < pagesOf.length; i++) if (!pagesOf[i].has(page)) return;
      results.push(scorePage(page, terms, found));
    });
    results.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
    return { terms: terms, total: results.length, results: results.slice(0, MAX_RESULTS) };
  }

  function scorePage(page, terms, found) {
    var first = index.first[page], last = index.first[page + 1];
    var d = index.d[page];
    // The title: the first part's first h positions, earlier words counting more.
    var titleEnd = index.h[first];
    var firstLists = found.map(function (m) { return m.get(first); });
    var title = 0, inTitle = 0;
    firstLists.forEach(function (list) {
      if (!list) return;
      var b = bestIn(list, 0, titleEnd);
      if (b[0]) {
        inTitle++;
        title += TITLE * b[0] * (1 - TITLE_LATER * Math.min(b[1], 8));
      }
    });
    title += TITLE_NEXT_TO * sideBySide(firstLists, 0, titleEnd);
    var best = -1, bestPart = first, others = 0;
    for (var part = first; part < last; part++) {
      var lists = part === first ? firstLists : found.map(function (m) { return m.get(part); });
      if (!lists.some(Boolean)) continue;
      var s = partScore(lists, part, part === first, index.h[part], d);
      if (s > best) {
        if (best > 0) others += best;
        best = s;
        bestPart = part;
      } else others += s;
    }
    // Other matching parts add a little: a page about the subject mentions it throughout.
    var breadth = Math.min(others, best) * 0.2;
    // A title with every word: the page is the answer, from its top.
    if (inTitle === terms.length) bestPart = first;
    return { page: page, part: bestPart, score: title + Math.max(best, 0) + breadth };
  }

  // ---------------------------------------------------------------------
  // Loading

  var base = null; // URL of search/index.js
  var requested = {}; // url → Promise

  function loadScript(url) {
    if (requested[url]) return requested[url];
    requested[url] = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = url;
      s.async = true;
      s.onload = function () { resolve(); };
      s.onerror = function () {
        delete requested[url];
        reject(new Error(url));
      };
      document.head.appendChild(s);
    });
    return requested[url];
  }

  function loadIndex(url) {
    if (!base) base = url;
    return loadScript(base).then(function () {
      if (!index) throw new Error("no index in " + base);
    });
  }

  function fileUrl(name) {
    return new URL(name, base).href;
  }

  /** Loads the words files `terms` need; resolves when they are there. */
  function wordsReady(terms) {
    var missing = wordFilesFor(terms).filter(function (k) { return !wordFiles[k]; });
    return Promise.all(missing.map(function (k) { return loadScript(fileUrl("words-" + k + ".js")); }));
  }

  function wordsLoaded(terms) {
    return wordFilesFor(terms).every(function (k) { return wordFiles[k]; });
  }

  function textsReady(pages) {
    var missing = [];
    pages.forEach(function (p) {
      var k = textFileOf(p);
      if (!textFiles[k] && missing.indexOf(k) < 0) missing.push(k);
    });
    return Promise.all(missing.map(function (k) { return loadScript(fileUrl("text-" + k + ".js")); }));
  }

  function textsLoaded(pages) {
    return pages.every(function (p) { return textFiles[textFileOf(p)]; });
  }

  /** The text record [id, heading, text] of a part (the first: ["", description, text]). */
  function partText(page, part) {
    var file = textFiles[textFileOf(page)];
    var doc = file && file.docs[page - file.from];
    return (doc && doc[part - index.first[page]]) || ["", "", ""];
  }

  // ---------------------------------------------------------------------
  // Snippets: the words of the query marked

  /** Does a word of a text match a query word? */
  function matches(word, terms) {
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i];
      if (word.folded === t.folded || (t.prefix && word.folded.indexOf(t.folded) === 0)) return true;
    }
    return false;
  }

  /** `words` of `text` from `from` to `to` as pieces [string, marked]. */
  function markedWords(text, words, from, to, terms) {
    var out = [];
    var at = from;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (w.end > to) break;
      if (w.start < from || !matches(w, terms)) continue;
      if (w.start > at) out.push([text.slice(at, w.start), false]);
      out.push([text.slice(w.start, w.end), true]);
      at = w.end;
    }
    if (at < to) out.push([text.slice(at, to), false]);
    return out;
  }

  /** `text` as pieces [string, marked], all of it. */
  function marked(text, terms) {
    return markedWords(text, tokens(text, true), 0, text.length, terms);
  }

  // The words of the texts of the results shown lately: while the reader
  // types, the same pages come back keystroke after keystroke.
  var wordsOfText = new Map();
  function wordsOf(text) {
    var w = wordsOfText.get(text);
    if (!w) {
      if (wordsOfText.size >= 400) wordsOfText.clear();
      w = tokens(text, true);
      wordsOfText.set(text, w);
    }
    return w;
  }

  var SNIPPET = 170; // characters

  /** About SNIPPET characters of `text` around its best match, as pieces. */
  function snippet(text, terms) {
    var words = wordsOf(text);
    var hits = [];
    for (var i = 0; i < words.length; i++) if (matches(words[i], terms)) hits.push(i);
    var from = 0;
    if (hits.length) {
      // The hit with the most different query words in the 12 words after it.
      var best = -1, bestAt = hits[0];
      for (var h = 0; h < hits.length; h++) {
        var seen = new Set();
        for (var j = h; j < hits.length && hits[j] < hits[h] + 12; j++) seen.add(words[hits[j]].folded);
        if (seen.size > best) { best = seen.size; bestAt = hits[h]; }
      }
      from = bestAt - 4 <= 0 ? 0 : words[bestAt - 4].start;
    }
    var to = Math.min(text.length, from + SNIPPET);
    if (to < text.length) {
      var cut = Math.max(text.lastIndexOf(" ", to), text.lastIndexOf("\n", to));
      if (cut > from + SNIPPET / 2) to = cut;
    }
    var pieces = markedWords(text, words, from, to, terms);
    if (from > 0) pieces.unshift(["… ", false]);
    if (to < text.length) pieces.push([" …", false]);
    // Blocks run on, apart.
    pieces.forEach(function (p) { p[0] = p[0].replace(/\n/g, " · "); });
    return pieces;
  }

  /**
   * The API, for the search boxes below and for tests: fold and tokens;
   * add (called by the index files); open(url of search/index.js), then
   * ready(query) before search(query), and texts(pages) before partText
   * and snippet; requested() lists the files asked for.
   */
  var api = {
    fold: fold,
    tokens: tokens,
    parse: parse,
    numbers: numbers,
    add: add,
    open: loadIndex,
    ready: function (query) { return wordsReady(parse(query)); },
    texts: textsReady,
    search: search,
    snippet: snippet,
    marked: marked,
    partText: partText,
    page: function (p) { return index && index.pages[p]; },
    isFirstPart: function (page, part) { return index.first[page] === part; },
    requested: function () { return Object.keys(requested); },
  };
  global.baihocSearch = api;

  // ---------------------------------------------------------------------
  // The search boxes

  if (typeof document === "undefined") return;

  function el(name, className, text) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function appendPieces(parent, pieces) {
    pieces.forEach(function (p) {
      if (p[1]) parent.appendChild(el("mark", null, p[0]));
      else parent.appendChild(document.createTextNode(p[0]));
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function setup(form) {
    var onPage = form.hasAttribute("data-baihoc-search-page");
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector("[data-baihoc-search-status]");
    var panel = form.querySelector("[data-baihoc-search-panel]");
    var list = form.querySelector(".search-results");
    if (!input || !status || !list) return;
    var ds = form.dataset;
    var root = form.getAttribute("data-root") || "";
    var indexUrl = new URL(form.getAttribute("data-baihoc-search"), document.baseURI).href;
    var shown = onPage ? MAX_RESULTS : 8;
    var current = "";
    var failed = false;
    var announceTimer = 0, addressTimer = 0, restTimer = 0;

    function announce(text, now) {
      clearTimeout(announceTimer);
      if (now) status.textContent = text;
      else announceTimer = setTimeout(function () { status.textContent = text; }, 400);
    }

    function open(yes) {
      if (panel) panel.hidden = !yes;
    }

    function clear() {
      list.textContent = "";
      open(false);
      announce("", true);
    }

    function start() {
      return loadIndex(indexUrl).catch(function () {
        failed = true;
        announce(ds.tFailed, true);
        if (panel) {
          list.textContent = "";
          list.appendChild(el("li", "search-message")).appendChild(el("p", null, ds.tFailed));
          open(true);
        }
      });
    }

    function update() {
      var q = input.value;
      current = q;
      if (onPage) remember(q);
      if (!q.trim()) { clear(); return; }
      if (!index) {
        if (!failed) announce(ds.tLoading, true);
        start().then(function () { if (current === q && index) update(); });
        return;
      }
      var terms = parse(q);
      if (!wordsLoaded(terms)) {
        wordsReady(terms).then(function () { if (current === q) update(); }, function () { failed = true; });
        return;
      }
      var found = search(q);
      var pages = found.results.slice(0, shown).map(function (r) { return r.page; });
      if (!textsLoaded(pages)) {
        textsReady(pages).then(function () { if (current === q) update(); });
        return;
      }
      render(q, found);
    }

    /** The search page's address holds the query, once the reader pauses. */
    function remember(q) {
      clearTimeout(addressTimer);
      addressTimer = setTimeout(function () {
        try {
          var u = new URL(location.href);
          if (q.trim()) u.searchParams.set("q", q);
          else u.searchParams.delete("q");
          history.replaceState(null, "", u.href);
        } catch (e) {
          // Some file:// setups refuse to change the address: the results still show.
        }
      }, 300);
    }

    function render(q, found) {
      clearTimeout(restTimer);
      var results = found.results.slice(0, shown);
      var first = document.createDocumentFragment();
      results.slice(0, FIRST).forEach(function (r) { first.appendChild(item(r, found.terms)); });
      list.textContent = "";
      list.appendChild(first);
      if (results.length > FIRST) {
        // Below the first screen: laid out just after, so a keystroke shows its results at once.
        restTimer = setTimeout(function () {
          if (current !== q) return;
          var rest = document.createDocumentFragment();
          results.slice(FIRST).forEach(function (r) { rest.appendChild(item(r, found.terms)); });
          list.appendChild(rest);
        }, 0);
      }
      if (!onPage && found.total > shown) {
        var all = el("li", "search-all");
        var link = el("a", null, fill(ds.tAll, { n: found.total }));
        link.href = form.action + "?q=" + encodeURIComponent(q);
        all.appendChild(link);
        list.appendChild(all);
      }
      if (!found.total && panel) {
        list.appendChild(el("li", "search-message")).appendChild(el("p", null, fill(ds.tNone, { q: q.trim() })));
      }
      open(true);
      var summary = found.total ? fill(ds.tResults, { n: found.total, q: q.trim() }) : fill(ds.tNone, { q: q.trim() });
      announce(summary, false);
    }

    /** One result: title, lesson and heading, snippet; a link to where it matched. */
    function item(r, terms) {
      var info = index.pages[r.page];
      var record = partText(r.page, r.part);
      var firstPart = r.part === index.first[r.page];
      var li = el("li", "search-result");
      var a = el("a");
      a.href = root + info[0] + (record[0] ? "#" + encodeURIComponent(record[0]) : "");
      appendPieces(a.appendChild(el("span", "search-result-title")), marked(info[1], terms));
      var where = [];
      if (info[3]) where.push(info[3]);
      if (info[2]) where.push(ds.tLesson + " " + info[2]);
      if (!firstPart && record[1]) where.push(record[1]);
      if (where.length) a.appendChild(el("span", "search-result-where", where.join(" · ")));
      li.appendChild(a);
      // The snippet: the description when it is where the page matched, else the text.
      var text = record[2];
      if (firstPart && record[1] && (!text || marked(record[1], terms).some(function (p) { return p[1]; }))) text = record[1];
      if (!text && firstPart) text = record[1];
      if (text) appendPieces(li.appendChild(el("p", "search-result-snippet")), snippet(text, terms));
      return li;
    }

    function links() {
      return Array.prototype.slice.call(list.querySelectorAll("a"));
    }

    input.addEventListener("focus", function () {
      start();
      if (input.value.trim() && list.firstChild) open(true);
    });
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var l = links();
        if (l.length) {
          e.preventDefault();
          open(true);
          l[0].focus();
        }
      } else if (e.key === "Escape") {
        if (panel && !panel.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { e.preventDefault(); input.value = ""; update(); }
      } else if (e.key === "Enter" && onPage) {
        // The results are already shown: no reload.
        e.preventDefault();
        update();
      }
    });
    list.addEventListener("keydown", function (e) {
      var l = links();
      var i = l.indexOf(document.activeElement);
      if (i < 0) return;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        var j = i + (e.key === "ArrowDown" ? 1 : -1);
        if (j < 0) input.focus();
        else l[Math.min(j, l.length - 1)].focus();
      } else if (e.key === "Home" || e.key === "End") {
        e.preventDefault();
        l[e.key === "Home" ? 0 : l.length - 1].focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        open(false);
        input.focus();
      } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
        // Typing goes on in the box.
        input.focus();
      }
    });
    if (panel) {
      form.addEventListener("focusout", function (e) {
        if (!e.relatedTarget || !form.contains(e.relatedTarget)) {
          setTimeout(function () { if (!form.contains(document.activeElement)) open(false); }, 0);
        }
      });
      document.addEventListener("click", function (e) {
        if (!form.contains(e.target)) open(false);
      });
    }
    if (onPage) {
      form.hidden = false;
      var nojs = document.querySelector("[data-baihoc-search-nojs]");
      if (nojs) nojs.hidden = true;
      var q = new URL(location.href).searchParams.get("q");
      if (q) input.value = q;
      start();
      if (input.value.trim()) update();
    }
  }

  var forms = document.querySelectorAll("form[data-baihoc-search]");
  for (var f = 0; f < forms.length; f++) setup(forms[f]);
})(typeof window !== "undefined" ? window : globalThis);
