// Find my officer: a click on the map sends that point (the address field is left empty).
(function () {
  "use strict";
  var el = document.getElementById("portal-map");
  var form = document.getElementById("officer-form");
  if (!el || !form || typeof L === "undefined") { return; }
  var center = (el.dataset.center || "32.06,118.78").split(",").map(Number);
  var map = L.map(el).setView(center, 13);
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  map.on("click", function (e) {
    form.querySelector("input[name=address]").value = "";
    form.querySelector("input[name=lon]").value = e.latlng.lng.toFixed(6);
    form.querySelector("input[name=lat]").value = e.latlng.lat.toFixed(6);
    form.submit();
  });
})();
