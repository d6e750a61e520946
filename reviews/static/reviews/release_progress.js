/*
 * The progress of a release of decisions (templates/reviews/release/progress.html):
 * while letters are pending, ask the release's figures every 2 seconds, update
 * the <progress> bar, the counts and the polite live region, then reload the
 * page once nothing is pending (its table then lists every letter sent).
 * Without this script, the page offers an « Actualiser » link.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 2000;
  var root = document.querySelector("[data-release-progress]");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-status-url");
  var bar = root.querySelector("[data-release-bar]");
  var status = root.querySelector("[data-release-status]");
  var labelOne = root.getAttribute("data-label-one");
  var labelMany = root.getAttribute("data-label-many");

  function plural(count) {
    // Django's JavaScript catalogue knows the page language's plural rule.
    if (typeof window.pluralidx === "function") {
      return Boolean(window.pluralidx(count));
    }
    return count !== 1;
  }

  function label(figures) {
    var text = plural(figures.done) ? labelMany : labelOne;
    return text.replace(/%\((\w+)\)[sd]/g, function (match, name) {
      return name in figures ? String(figures[name]) : match;
    });
  }

  function show(figures) {
    bar.max = figures.total;
    bar.value = figures.done;
    bar.textContent = figures.done + " / " + figures.total;
    var text = label(figures);
    if (status.textContent !== text) {
      status.textContent = text;
    }
    root.querySelectorAll("[data-release-count]").forEach(function (count) {
      var name = count.getAttribute("data-release-count");
      count.textContent = String(figures[name]);
    });
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (figures) {
        show(figures);
        if (figures.pending === 0) {
          window.location.reload();
        } else {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        // A lost answer: try again later; the « Actualiser » link stays.
        window.setTimeout(poll, INTERVAL_MS * 2);
      });
  }

  var pending = root.querySelector('[data-release-count="pending"]');
  if (pending && pending.textContent.trim() !== "0") {
    window.setTimeout(poll, INTERVAL_MS);
  }
})();
