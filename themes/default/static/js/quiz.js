// baihoc quizzes. On a page: a "Kiểm tra" button per question gives
// feedback at once (announced: the feedback is a status region), opens the
// explanation, and keeps the score; "Làm lại" clears the quiz. Answers are
// remembered in this browser only (localStorage, one entry per site and
// page: "baihoc-quiz:<site>:<page>"), so they survive a reload, from a
// server or from file://. On the results page (data-quiz-overview): each
// lesson's result, and a button that clears them all. Without JavaScript
// the page still shows every question, and each answer under "Xem đáp án".
//
// A short answer is compared as search compares words (the build's
// `quiz::fold_answer`): its words as search.js's own `tokens` splits and
// folds them (no tones or marks, đ is d, lowercase; anything that is not a
// letter or digit parts words), joined by one space, so "Dang-KY" is
// "đăng ký". search.js is loaded before this script on every quiz page.
(function (global) {
  "use strict";
  var PREFIX = "baihoc-quiz:";

  /** A short answer as search sees it: its folded words, joined by one space. */
  function answerKey(s) {
    return global.baihocSearch.tokens(String(s), true)
      .map(function (w) { return w.folded; }).join(" ");
  }
  /** True when the typed answer is one of the accepted ones. */
  function accepts(accepted, typed) {
    var key = answerKey(typed);
    return accepted.some(function (a) { return answerKey(a) === key; });
  }
  // For tests (tests/quiz.rs runs this file in Node against the Rust side).
  global.baihocQuiz = { answerKey: answerKey, accepts: accepts };

  if (typeof document === "undefined") return;
  var doc = document;
  function load(key) {
    try {
      var v = JSON.parse(localStorage.getItem(key) || "null");
      return v && typeof v === "object" && v.q && typeof v.q === "object" ? v : { q: {} };
    } catch (e) {
      return { q: {} };
    }
  }
  function save(key, v) {
    try { localStorage.setItem(key, JSON.stringify(v)); } catch (e) { /* no storage: still works */ }
  }
  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, k) {
      return k in values ? values[k] : m;
    });
  }
  function all(el, sel) { return [].slice.call(el.querySelectorAll(sel)); }

  var overview = doc.querySelector("[data-quiz-overview]");
  if (overview) showOverview(overview);
  var main = doc.querySelector("main[data-quiz-page]");
  if (!main) return;
  var key = PREFIX + main.getAttribute("data-quiz-site") + ":" + main.getAttribute("data-quiz-page");
  var state = load(key);

  function prompt(q) {
    var legend = q.querySelector(".quiz-prompt");
    return legend ? legend.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function inputs(q) { return all(q, "input"); }
  // What is chosen or written: a list of values.
  function valueOf(q) {
    var text = q.querySelector("input[type=text]");
    if (text) return text.value.trim() ? [text.value] : [];
    return inputs(q).filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
  }
  function isRight(q, value) {
    var text = q.querySelector("input[type=text]");
    if (text) {
      var accepted = [];
      try { accepted = JSON.parse(text.getAttribute("data-accept") || "[]"); } catch (e) { /* none */ }
      return accepts(accepted, value[0]);
    }
    var correct = inputs(q).filter(function (i) { return i.hasAttribute("data-correct"); })
      .map(function (i) { return i.value; });
    return correct.length === value.length && correct.every(function (c) { return value.indexOf(c) >= 0; });
  }
  function setValue(q, value) {
    var text = q.querySelector("input[type=text]");
    if (text) text.value = value[0] || "";
    else inputs(q).forEach(function (i) { i.checked = value.indexOf(i.value) >= 0; });
  }
  // The answer and explanation, as one sentence for the feedback.
  function answerText(q, right) {
    var parts = all(q, ".quiz-answer p").filter(function (p) {
      return !right || p.classList.contains("quiz-explain");
    });
    return parts.map(function (p) { return p.textContent.replace(/\s+/g, " ").trim(); }).join(" ");
  }
  function show(quiz, q, right) {
    q.classList.toggle("is-right", right === true);
    q.classList.toggle("is-wrong", right === false);
    var box = q.querySelector(".quiz-feedback"), details = q.querySelector(".quiz-answer");
    if (right === null) {
      box.textContent = "";
      if (details) details.open = false;
      return;
    }
    var verdict = quiz.getAttribute(right ? "data-t-right" : "data-t-wrong");
    box.textContent = (verdict + " " + answerText(q, right)).trim();
    if (details) details.open = true;
  }
  function score(quiz) {
    var qs = all(quiz, ".quiz-question"), right = 0, done = 0;
    qs.forEach(function (q) {
      var s = state.q[q.id];
      if (s && s.p === prompt(q)) {
        done++;
        if (s.ok) right++;
      }
    });
    var end = quiz.querySelector(".quiz-end");
    end.hidden = done === 0;
    quiz.querySelector(".quiz-score").textContent =
      done ? fill(quiz.getAttribute("data-t-score"), { right: right, total: qs.length, done: done }) : "";
  }
  function check(quiz, q) {
    var value = valueOf(q);
    if (!value.length) {
      show(quiz, q, null);
      q.querySelector(".quiz-feedback").textContent = quiz.getAttribute("data-t-empty");
      return;
    }
    var right = isRight(q, value);
    state.q[q.id] = { p: prompt(q), v: value, ok: right };
    save(key, state);
    show(quiz, q, right);
    score(quiz);
  }
  function retry(quiz) {
    all(quiz, ".quiz-question").forEach(function (q) {
      delete state.q[q.id];
      setValue(q, []);
      show(quiz, q, null);
    });
    save(key, state);
    score(quiz);
    var first = quiz.querySelector("input");
    if (first) first.focus();
  }

  all(doc, ".quiz[data-quiz]").forEach(function (quiz) {
    all(quiz, ".quiz-question").forEach(function (q) {
      q.querySelector(".quiz-actions").hidden = false;
      q.querySelector("[data-quiz-check]").addEventListener("click", function () { check(quiz, q); });
      var text = q.querySelector("input[type=text]");
      if (text) text.addEventListener("keydown", function (e) {
        if (e.key === "Enter") {
          e.preventDefault();
          check(quiz, q);
        }
      });
      // Remembered answers, if the question is still the same.
      var s = state.q[q.id];
      if (s && s.p === prompt(q) && s.v && s.v.length) {
        setValue(q, s.v);
        show(quiz, q, isRight(q, s.v));
      }
    });
    quiz.querySelector("[data-quiz-retry]").addEventListener("click", function () { retry(quiz); });
    score(quiz);
  });

  function showOverview(box) {
    var site = box.getAttribute("data-quiz-site");
    var t = function (name) { return box.getAttribute("data-t-" + name) || ""; };
    var button = box.querySelector("[data-quiz-clear-all]");
    var summary = box.querySelector("[data-quiz-summary]");
    function render() {
      var rows = all(box, "tr[data-quiz-page]"), finished = 0, any = false;
      rows.forEach(function (row) {
        var total = +row.getAttribute("data-quiz-total") || 0;
        var s = load(PREFIX + site + ":" + row.getAttribute("data-quiz-page")).q;
        var done = 0, right = 0;
        Object.keys(s).forEach(function (id) {
          if (s[id] && s[id].v) {
            done++;
            if (s[id].ok) right++;
          }
        });
        done = Math.min(done, total);
        right = Math.min(right, done);
        if (done) any = true;
        if (done && done === total) finished++;
        var text = !done ? t("not-done") : done < total ? t("partial") : t("done");
        row.querySelector("[data-quiz-status]").textContent = fill(text, { done: done, right: right, total: total });
        row.classList.toggle("is-done", done > 0 && done === total);
      });
      summary.textContent = fill(t("summary"), { done: finished, lessons: rows.length });
      button.hidden = !any;
    }
    button.addEventListener("click", function () {
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var k = localStorage.key(i);
          if (k && k.indexOf(PREFIX + site + ":") === 0) localStorage.removeItem(k);
        }
      } catch (e) { /* no storage */ }
      render();
      summary.textContent = t("cleared");
    });
    render();
  }
})(typeof window !== "undefined" ? window : globalThis);
