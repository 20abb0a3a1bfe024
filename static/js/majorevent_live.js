// The major event page polls its live fragment; a poll waits while someone is typing in it
// (an answer to a request), so that nothing typed is lost.
(function () {
  "use strict";
  window.majorEventLiveIdle = function () {
    var live = document.getElementById("live");
    if (!live) return false;
    if (live.contains(document.activeElement) && document.activeElement.tagName !== "BODY") return false;
    var fields = live.querySelectorAll("input[type=text], input:not([type]), textarea");
    for (var i = 0; i < fields.length; i++) if (fields[i].value) return false;
    return true;
  };
})();
