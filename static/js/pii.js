/* The live personal-data check for every text field marked data-pii-check (privacy.forms.PiiCheckMixin).
   While typing, the text is posted to the check URL; the findings appear under the field, each with
   a button that masks it in the text and a checkbox "not personal data" that is sent with the form. */
(function () {
  "use strict";

  function csrfToken(field) {
    var input = field.form && field.form.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (err) { return ""; }
  }

  function resultFor(field) {
    var id = (field.id || field.name) + "_pii";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      box.className = "pii-result";
      box.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", box);
    }
    box.piiField = field;
    return box;
  }

  function check(field) {
    var box = resultFor(field);
    var data = new FormData();
    data.append("text", field.value);
    data.append("name", field.getAttribute("data-pii-name") || "");
    data.append("ref", field.getAttribute("data-pii-ref") || "");
    box.querySelectorAll("input[type=checkbox]:checked").forEach(function (c) { data.append("confirmed", c.value); });
    var seq = (field.piiSeq || 0) + 1;
    field.piiSeq = seq;
    fetch(field.getAttribute("data-pii-check"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(field) }
    }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
      if (html !== null && seq === field.piiSeq) box.innerHTML = html;  // only the latest answer
    }).catch(function () {});
  }

  function maskIn(field, text, token) {
    if (!text) return;
    field.value = field.value.split(text).join(token);
  }

  function setup(root) {
    (root || document).querySelectorAll("[data-pii-check]").forEach(function (field) {
      if (field.piiReady) return;
      field.piiReady = true;
      var timer = null;
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { check(field); }, 400);
      });
      resultFor(field);
      if (field.value.trim()) check(field);
    });
  }

  document.addEventListener("click", function (e) {
    var one = e.target.closest("[data-pii-mask]");
    var all = e.target.closest("[data-pii-mask-all]");
    if (!one && !all) return;
    var box = e.target.closest(".pii-result");
    if (!box || !box.piiField) return;
    var field = box.piiField;
    var buttons = one ? [one] : box.querySelectorAll("[data-pii-mask]");
    buttons.forEach(function (b) { maskIn(field, b.getAttribute("data-pii-mask"), b.getAttribute("data-pii-token")); });
    check(field);
    field.focus();
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setup(); });
  else setup();
  document.addEventListener("htmx:afterSwap", function (e) { setup(e.target); });
})();
