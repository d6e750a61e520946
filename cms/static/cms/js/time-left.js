/*
 * The time left before a call closes, counted by the browser from the closing
 * time (the page may come from the cache, rendered minutes ago). The server's
 * text stays for browsers without JavaScript. At the closing, the apply button
 * goes and the text says the call is closed; the server refuses any submission
 * after that moment anyway. The words come from the page (data-* attributes).
 */
(function () {
  "use strict";
  var element = document.querySelector("[data-testid=time-left][data-closes-at]");
  if (!element) {
    return;
  }
  var closesAt = Date.parse(element.dataset.closesAt);
  if (isNaN(closesAt)) {
    return;
  }

  function unit(count, one, many) {
    // "1 jour" / "2 jours": the number written in place of the example's.
    return (count > 1 ? many : one).replace(/^\d+/, String(count));
  }

  function duration(seconds) {
    var days = Math.floor(seconds / 86400);
    var hours = Math.floor((seconds % 86400) / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var data = element.dataset;
    var parts;
    if (days) {
      parts = [unit(days, data.day, data.days)];
      if (hours) {
        parts.push(unit(hours, data.hour, data.hours));
      }
    } else if (hours) {
      parts = [unit(hours, data.hour, data.hours)];
      if (minutes) {
        parts.push(unit(minutes, data.minute, data.minutes));
      }
    } else if (minutes) {
      parts = [unit(minutes, data.minute, data.minutes)];
    } else {
      return data.less;
    }
    if (parts.length === 1) {
      return parts[0];
    }
    return data.and.replace("{first}", parts[0]).replace("{second}", parts[1]);
  }

  function close() {
    var button = document.getElementById("apply-button");
    if (button) {
      button.remove();
    }
    element.classList.remove("fr-icon-time-line");
    element.textContent = element.dataset.closed;
  }

  function update() {
    var left = closesAt - Date.now();
    if (left <= 0) {
      close();
      return;
    }
    var seconds = Math.floor(left / 1000);
    element.textContent = element.dataset.sentence.replace("{left}", duration(seconds));
    // Again when the shown minute changes, and exactly at the closing.
    var untilNextMinute = (left % 60000) || 60000;
    window.setTimeout(update, Math.min(untilNextMinute + 50, left));
  }

  update();
})();
