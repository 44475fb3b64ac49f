/* The tip form's map: a tap sets the point (the hidden lat/lon fields); without tiles the map
   still takes the tap over the grids' area. Progressive: the form works without it. */
(function () {
  "use strict";
  var el = document.getElementById("tip-map");
  if (!el || typeof L === "undefined") { return; }
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var shown = document.querySelector("[data-testid='tip-point']");
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tileUrl });
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
  }
  var start = lat && lat.value && lon && lon.value ? [parseFloat(lat.value), parseFloat(lon.value)] : [32.06, 118.78];
  map.setView(start, 13);
  var marker = null;
  function put(latlng) {
    if (marker) { marker.setLatLng(latlng); } else { marker = L.circleMarker(latlng, { radius: 8 }).addTo(map); }
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    if (shown) { shown.textContent = lat.value + ", " + lon.value; }
  }
  if (lat && lat.value && lon && lon.value) { put(L.latLng(start[0], start[1])); }
  map.on("click", function (e) { put(e.latlng); });
})();
