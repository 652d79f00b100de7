/*
 * Names each autocomplete box of the admin by its field's label. Select2 hides the <select>
 * that the label is for and labels its own box by the chosen value alone, so that a box with
 * nothing chosen had no name at all. Runs after Django's autocomplete.js has built the boxes,
 * in the page and in each inline row added later.
 */
"use strict";
{
  const $ = django.jQuery;

  function nameBox(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const container = select.nextElementSibling;
    const box = container && container.querySelector(".select2-selection");
    const chosen = box && box.querySelector(".select2-selection__rendered");
    if (!label || !chosen) {
      return;
    }
    label.id = label.id || `${select.id}-label`;
    box.setAttribute("aria-labelledby", `${label.id} ${chosen.id}`);
    chosen.setAttribute("aria-labelledby", label.id);
  }

  function nameBoxesIn(element) {
    element.querySelectorAll("select.admin-autocomplete").forEach(nameBox);
  }

  $(() => nameBoxesIn(document));
  document.addEventListener("formset:added", (event) => nameBoxesIn(event.target));
}
