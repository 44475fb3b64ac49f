/* The map page: territory boundaries as vectors (coloured by a chosen figure), every layer the
   user may see as points or server-side clusters of the box in view, toggled and filtered.
   Tiles only when the administrator configured a source; coordinates come in the tiles' datum. */
(function () {
  "use strict";
  var el = document.getElementById("jw-map");
  var cfgEl = document.getElementById("map-config");
  if (!el || !cfgEl || !window.L) { return; }
  var cfg = JSON.parse(cfgEl.textContent || "{}");
  var form = document.getElementById("map-controls");
  var legend = document.getElementById("map-legend");
  var tiles = cfg.tiles || { layers: [] };
  var map = L.map(el, { zoomControl: true, attributionControl: true, preferCanvas: false });
  map.attributionControl.setPrefix(false);
  (tiles.layers || []).forEach(function (t, i) {
    var options = { maxZoom: t.maxZoom || 18, attribution: i === 0 ? (tiles.attribution || "") : "" };
    if (t.subdomains) { options.subdomains = t.subdomains; }
    L.tileLayer(t.url, options).addTo(map);
  });
  if (tiles.approval) { map.attributionControl.addAttribution(tiles.approval); }
  map.setView([32.06, 118.78], 12);

  var COLOURS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"];
  var boundaryLayer = null;
  var pointLayers = {};
  var pending = 0;
  var fitted = false;

  function field(name) { var f = form && form.elements[name]; return f ? f.value : ""; }
  function params(extra) {
    var p = new URLSearchParams();
    Object.keys(extra).forEach(function (k) { if (extra[k] !== "" && extra[k] !== undefined) { p.set(k, extra[k]); } });
    return p.toString();
  }
  function started() { pending += 1; el.dataset.ready = "0"; }
  function finished() { pending -= 1; if (pending <= 0) { pending = 0; el.dataset.ready = "1"; } }
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { features: [] }; });
  }

  function breaks(values) {
    var sorted = values.slice().sort(function (a, b) { return a - b; });
    var out = [];
    for (var i = 1; i < COLOURS.length; i++) {
      var cut = sorted[Math.floor(i * sorted.length / COLOURS.length)] || 0;
      if (out.indexOf(cut) < 0) { out.push(cut); }
    }
    return out;
  }
  function colourFor(value, cuts) {
    var i = 0;
    while (i < cuts.length && value > cuts[i]) { i++; }
    return COLOURS[i];
  }

  function loadBoundaries() {
    started();
    var figure = field("figure");
    var url = cfg.boundaries_url + "?" + params({ kind: field("boundary"), figure: figure, since: field("since"), until: field("until") });
    getJSON(url).then(function (data) {
      if (boundaryLayer) { map.removeLayer(boundaryLayer); }
      var values = (data.features || []).map(function (f) { return f.properties.value || 0; });
      var cuts = breaks(values);
      boundaryLayer = L.geoJSON(data, {
        style: function (f) {
          var fill = figure ? colourFor(f.properties.value || 0, cuts) : "#1d4f91";
          return { className: "map-boundary", color: "#1d4f91", weight: 1.5, fillColor: fill, fillOpacity: figure ? 0.6 : 0.06 };
        },
        onEachFeature: function (f, layer) {
          var text = f.properties.name + " " + f.properties.code;
          if (figure) { text += ": " + (f.properties.value || 0); }
          layer.bindTooltip(text);
        }
      }).addTo(map);
      boundaryLayer.bringToBack();
      el.dataset.boundaries = String(boundaryLayer.getLayers().length);
      if (legend) {
        var label = form.elements.figure.options[form.elements.figure.selectedIndex].text;
        legend.textContent = figure && values.length ? label + ": ≤" + cuts.join(" · ≤") + " · >" + cuts[cuts.length - 1] : "";
      }
      if (!fitted && boundaryLayer.getLayers().length) {
        map.fitBounds(boundaryLayer.getBounds(), { padding: [12, 12] });
      }
    }).catch(function () { el.dataset.boundaries = "0"; }).then(function () { fitted = true; loadLayers(); finished(); });
  }

  function clusterIcon(count, colour) {
    var size = count < 10 ? "s" : count < 1000 ? "m" : "l";
    return L.divIcon({ className: "map-cluster map-cluster-" + size, html: "<span>" + count + "</span>", iconSize: null });
  }

  var generation = {};  // per layer: a newer load or a toggle makes an answer still in flight stale

  function loadLayer(layer) {
    var gen = (generation[layer.key] || 0) + 1;
    generation[layer.key] = gen;
    var box = form.querySelector('input[name="layer"][value="' + layer.key + '"]');
    if (pointLayers[layer.key]) { map.removeLayer(pointLayers[layer.key]); delete pointLayers[layer.key]; }
    if (!box || !box.checked) { el.dataset["layer_" + layer.key] = "off"; return; }
    var b = map.getBounds();
    var query = {
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(","),
      zoom: map.getZoom(),
      category: field("category-" + layer.key)
    };
    if (layer.period) { query.since = field("since"); query.until = field("until"); }
    started();
    getJSON(layer.url + "?" + params(query)).then(function (data) {
      if (generation[layer.key] !== gen) { return; }  // toggled off or asked again since
      if (pointLayers[layer.key]) { map.removeLayer(pointLayers[layer.key]); }
      var group = L.geoJSON(data, {
        pointToLayer: function (f, latlng) {
          if (f.properties.cluster) {
            var m = L.marker(latlng, { icon: clusterIcon(f.properties.count, layer.color), keyboard: false });
            m.on("click", function () { map.setView(latlng, Math.min(map.getZoom() + 2, 19)); });
            return m;
          }
          return L.circleMarker(latlng, { radius: 6, color: layer.color, weight: 1, fillOpacity: 0.85, className: "map-point map-point-" + layer.key });
        },
        onEachFeature: function (f, l) {
          if (f.properties.cluster) { l.bindTooltip(layer.label + ": " + f.properties.count); return; }
          var div = document.createElement("div");
          var a = document.createElement(f.properties.url ? "a" : "span");
          a.textContent = f.properties.title || layer.label;
          if (f.properties.url) { a.href = f.properties.url; }
          div.appendChild(a);
          l.bindPopup(div);
          l.bindTooltip(layer.label + ": " + (f.properties.title || ""));
        }
      }).addTo(map);
      pointLayers[layer.key] = group;
      el.dataset["layer_" + layer.key] = String(group.getLayers().length);
      el.dataset["mode_" + layer.key] = data.mode || "";
    }).catch(function () {
      if (generation[layer.key] === gen) { el.dataset["layer_" + layer.key] = "error"; }
    }).then(finished);
  }

  function loadLayers() { (cfg.layers || []).forEach(loadLayer); }

  if (form) {
    form.addEventListener("change", function (e) {
      var name = e.target.name || "";
      if (name === "boundary" || name === "figure") { loadBoundaries(); }
      else if (name === "since" || name === "until") { loadBoundaries(); }
      else { loadLayers(); }
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
  }
  map.on("moveend", function () { if (fitted) { loadLayers(); } });
  loadBoundaries();
})();
