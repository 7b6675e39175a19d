// baihoc default theme: posters (layout: poster). The type of a poster is
// sized in units of its sheet's width, so that the layout is the same on
// screen and on paper; this grows or shrinks it (the --fit factor) until
// the content fills the sheet without leaving it. Without script the
// poster keeps the size the build estimated.
(function () {
  "use strict";
  function fits(sheet, inner) {
    return inner.scrollHeight <= sheet.clientHeight + 0.5 && inner.scrollWidth <= inner.clientWidth + 0.5;
  }
  function fit(sheet) {
    var inner = sheet.querySelector(".poster-inner");
    if (!inner || !sheet.clientHeight) return;
    var lo = 0.25;
    var hi = 3;
    for (var i = 0; i < 16; i++) {
      var mid = (lo + hi) / 2;
      sheet.style.setProperty("--fit", String(mid));
      if (fits(sheet, inner)) lo = mid;
      else hi = mid;
    }
    // A little room for a printer's rounding.
    sheet.style.setProperty("--fit", String(lo * 0.97));
    sheet.setAttribute("data-baihoc-fitted", "");
  }
  function all() {
    var sheets = document.querySelectorAll("[data-baihoc-poster]");
    for (var i = 0; i < sheets.length; i++) fit(sheets[i]);
  }
  all();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(all);
  window.addEventListener("beforeprint", all);
  window.addEventListener("afterprint", all);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", all);
  }
})();
