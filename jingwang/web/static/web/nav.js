// The main menu's groups (<details>): dropdowns on a desktop, one open at a time, closed by a click
// elsewhere or Escape; on a phone (behind the menu button) every group is an open section.
(function () {
  "use strict";
  var phone = window.matchMedia("(max-width: 720px)");

  function groups() {
    return Array.prototype.slice.call(document.querySelectorAll("nav.mainnav details.navgroup"));
  }

  function layout() {
    groups().forEach(function (group) { group.open = phone.matches; });
  }

  function closeAll(except) {
    if (phone.matches) { return; }
    groups().forEach(function (group) { if (group !== except) { group.open = false; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    layout();
    groups().forEach(function (group) {
      group.addEventListener("toggle", function () { if (group.open) { closeAll(group); } });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest("details.navgroup")) { closeAll(null); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeAll(null); }
    });
    if (phone.addEventListener) { phone.addEventListener("change", layout); }
  });
})();
