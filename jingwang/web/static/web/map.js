/* Draws territory boundaries as vectors. Tiles only when a tile server inside the network is set. */
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var shapes = JSON.parse(document.getElementById("shapes").textContent || "[]");
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tileUrl });
  if (map.attributionControl) { map.attributionControl.setPrefix(false); }
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var group = L.featureGroup();
  shapes.forEach(function (s) {
    var layer = L.geoJSON(s.geometry, {
      style: s.main ? { color: "#1d4f91", weight: 3, fillOpacity: 0.08 } : { color: "#b3261e", weight: 1.5, fillOpacity: 0.05 }
    });
    layer.bindTooltip(s.name + " " + s.code);
    group.addLayer(layer);
  });
  group.addTo(map);
  if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [12, 12] }); }
  else { map.setView([32.06, 118.78], 11); }
  el.dataset.layers = String(group.getLayers().length);
  if (!el.dataset.pointsUrl) { el.dataset.ready = "1"; return; }
  // Standard addresses (and their houses) of a grid, drawn as points.
  fetch(el.dataset.pointsUrl, { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { features: [] }; })
    .then(function (data) {
      var points = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 5, color: "#b3261e", weight: 1, fillOpacity: 0.8 });
        },
        onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.address); }
      }).addTo(map);
      el.dataset.points = String(points.getLayers().length);
      el.dataset.ready = "1";
    })
    .catch(function () { el.dataset.points = "0"; el.dataset.ready = "1"; });
})();
