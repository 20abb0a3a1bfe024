// The major event page polls its live fragment (#live, htmx every 5 s). A poll is skipped while
// someone is typing in the fragment (an answer to a request), so that nothing typed is lost.
// No eval: htmx runs with allowEval off, so the check cancels htmx:beforeRequest instead of
// being an hx-trigger filter.
(function () {
  "use strict";
  function busy(live) {
    var active = document.activeElement;
    if (active && active !== document.body && live.contains(active) && active.tagName !== "BUTTON") return true;
    var fields = live.querySelectorAll("input[type=text], input:not([type]), textarea");
    for (var i = 0; i < fields.length; i++) if (fields[i].value) return true;
    return false;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var live = document.getElementById("live");
    if (live && event.detail.elt === live && busy(live)) event.preventDefault();
  });
})();
