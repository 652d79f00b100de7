/*
 * Draws each chart from the figure the server built: an element with data-figure names the
 * <script type="application/json"> block holding that figure's data, layout and config.
 * Kept out of the pages themselves so that they need no inline script.
 */
(function () {
  "use strict";

  function draw(container) {
    var source = document.getElementById(container.getAttribute("data-figure"));
    if (!source || !window.Plotly) {
      return;
    }
    window.Plotly.newPlot(container, JSON.parse(source.textContent));
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-figure]"), draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
