// baihoc default theme: the "Chia sẻ" button of a lesson. It opens the
// phone's own share sheet (Web Share API: Zalo, Messenger, Facebook...);
// where there is none, it copies the lesson's link, and where copying is
// refused it shows the link selected, ready to copy by hand. The result is
// said in the box's status line, which screen readers announce. Over
// http(s) only: a page opened from a file has no address anyone else can
// open, so the button stays hidden. Nothing is sent to another site.
(function () {
  "use strict";
  if (!/^https?:$/.test(location.protocol)) return;
  var boxes = document.querySelectorAll("[data-baihoc-share]");
  for (var i = 0; i < boxes.length; i++) setUp(boxes[i]);

  function setUp(box) {
    var button = box.querySelector("[data-baihoc-share-button]");
    var status = box.querySelector("[data-baihoc-share-status]");
    var manual = box.querySelector("[data-baihoc-share-manual]");
    var field = box.querySelector("[data-baihoc-share-link]");
    if (!button || !status) return;
    // The published address (base_url) when the site has one, else this one.
    var url = box.getAttribute("data-url") || location.href.split("#")[0];
    var title = box.getAttribute("data-title") || document.title;
    box.hidden = false;

    // Emptied first, so that the same words are announced again.
    function say(text) {
      status.textContent = "";
      setTimeout(function () { status.textContent = text; }, 50);
    }

    function showLink() {
      if (!manual || !field) return false;
      field.value = url;
      manual.hidden = false;
      field.focus();
      field.select();
      return true;
    }

    function copied() {
      say(box.getAttribute("data-copied"));
    }

    function copyByHand() {
      var shown = showLink();
      var done = false;
      try {
        done = shown && document.execCommand("copy");
      } catch (e) {
        done = false;
      }
      if (done) copied();
      else say(box.getAttribute("data-manual"));
    }

    function copy() {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(copied, copyByHand);
      } else {
        copyByHand();
      }
    }

    button.addEventListener("click", function () {
      if (typeof navigator.share === "function") {
        navigator.share({ title: title, url: url }).then(
          function () { say(box.getAttribute("data-shared")); },
          function (error) {
            // Closing the share sheet is not a failure: nothing to say.
            if (error && error.name === "AbortError") return;
            copy();
          }
        );
      } else {
        copy();
      }
    });
  }
})();
