/* The alert board's map: feedback that says where it was seen, redrawn after every live refresh. */
(function () {
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  var map = L.map(el, { zoomControl: true, attributionControl: !!el.dataset.tileUrl });
  if (map.attributionControl) { map.attributionControl.setPrefix(false); }
  if (el.dataset.tileUrl) {
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.tileAttribution || "", maxZoom: 19 }).addTo(map);
  }
  var layer = L.featureGroup().addTo(map);
  map.setView([32.06, 118.78], 12);
  function draw() {
    var data = document.getElementById("board-points");
    var points = data ? JSON.parse(data.textContent || "[]") : [];
    layer.clearLayers();
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 7, color: "#b3261e", weight: 2, fillOpacity: 0.7 })
        .bindTooltip(p.name + (p.text ? " · " + p.text : "")).addTo(layer);
    });
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 }); }
    el.dataset.points = String(layer.getLayers().length);
  }
  draw();
  document.body.addEventListener("htmx:afterSwap", function (e) { if (e.target && e.target.id === "board") { draw(); } });
})();
