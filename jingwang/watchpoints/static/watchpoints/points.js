/* The watch points on a map: one marker each, named with its functions. */
(function () {
  var el = document.getElementById("map");
  var data = document.getElementById("map-points");
  if (!el || !window.L || !data) { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tileUrl });
  if (map.attributionControl) { map.attributionControl.setPrefix(false); }
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var layer = L.featureGroup().addTo(map);
  JSON.parse(data.textContent || "[]").forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: 7, color: "#1d4f91", weight: 2, fillOpacity: 0.7 })
      .bindTooltip(p.name + (p.text ? " · " + p.text : "")).addTo(layer);
  });
  if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 }); }
  else { map.setView([32.06, 118.78], 12); }
  el.dataset.points = String(layer.getLayers().length);
})();
