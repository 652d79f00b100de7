/*
 * The quarter page's "Insert into the update" buttons: each puts its figure's sentence into
 * the update text last written in, at the cursor (replacing any selection), or into the new
 * update's text before any is chosen. Only the box changes: nothing is saved until Save.
 */
(function () {
  "use strict";

  var lastText = null;

  function updateTexts() {
    return document.querySelectorAll("#quarter-form textarea[name$='-text']");
  }

  function target() {
    if (lastText && document.body.contains(lastText)) {
      return lastText;
    }
    var texts = updateTexts();
    return texts.length ? texts[texts.length - 1] : null;
  }

  function insert(button) {
    var source = document.getElementById(button.getAttribute("data-insert-sentence"));
    var box = target();
    if (!source || !box) {
      return;
    }
    var sentence = source.textContent.trim();
    var start = box.selectionStart, end = box.selectionEnd;
    var before = box.value.slice(0, start), after = box.value.slice(end);
    // A space keeps the sentence apart from the words either side of it.
    var lead = before && !/\s$/.test(before) ? " " : "";
    var trail = after && !/^\s/.test(after) ? " " : "";
    box.value = before + lead + sentence + trail + after;
    var cursor = (before + lead + sentence).length;
    box.focus();
    box.setSelectionRange(cursor, cursor);
  }

  function start() {
    document.addEventListener("focusin", function (event) {
      if (event.target.matches && event.target.matches("#quarter-form textarea[name$='-text']")) {
        lastText = event.target;
      }
    });
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("[data-insert-sentence]");
      if (button) {
        insert(button);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
