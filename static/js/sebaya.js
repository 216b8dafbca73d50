// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  onReady(function () {
    // Copy-to-clipboard buttons: <button data-copy="#id">.
    document.body.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-copy]");
      if (!btn) return;
      var el = document.querySelector(btn.getAttribute("data-copy"));
      if (!el) return;
      var text = el.value || el.textContent;
      if (navigator.clipboard) navigator.clipboard.writeText(text.trim());
      var done = btn.getAttribute("data-copied");
      if (done) btn.textContent = done;
    });
    // Availability grid presets: <button data-fill="weekday-evenings" data-grid="#grid">.
    document.body.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-fill]");
      if (!btn) return;
      ev.preventDefault();
      var grid = document.querySelector(btn.getAttribute("data-grid"));
      if (!grid) return;
      var kind = btn.getAttribute("data-fill");
      grid.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var day = parseInt(box.getAttribute("data-day"), 10);
        var hour = parseInt(box.getAttribute("data-hour"), 10);
        if (kind === "clear") box.checked = false;
        else if (kind === "weekday-evenings" && day < 5 && hour >= 16 && hour < 21) box.checked = true;
        else if (kind === "weekends" && day >= 5 && hour >= 8 && hour < 18) box.checked = true;
        else if (kind === "after-school" && day < 5 && hour >= 14 && hour < 18) box.checked = true;
      });
    });
    // "Use my location" fills the latitude and longitude fields with a rounded point.
    document.body.addEventListener("click", function (ev) {
      var btn = ev.target.closest("[data-locate]");
      if (!btn || !navigator.geolocation) return;
      ev.preventDefault();
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lat = document.querySelector(btn.getAttribute("data-lat"));
        var lng = document.querySelector(btn.getAttribute("data-lng"));
        if (lat) lat.value = pos.coords.latitude.toFixed(3);
        if (lng) lng.value = pos.coords.longitude.toFixed(3);
      });
    });
  });
})();
