// The lägesbild's map: area outlines with their names, EST points, hot spots and recurring
// places over map tiles. Without tiles (no MAP_TILE_URL, no network, a tile server that fails)
// the outlines and names are the map, and a short note says the background is missing.
(function () {
  "use strict";
  var el = document.getElementById("situation-map");
  var dataEl = document.getElementById("situation-map-data");
  if (!el || !dataEl || !window.L) return;
  var data = JSON.parse(dataEl.textContent);
  var note = document.getElementById("map-note");
  var map = L.map(el, { maxZoom: 18, scrollWheelZoom: false }).setView([+el.dataset.lat, +el.dataset.lon], 11);
  // Tooltip strings are HTML to Leaflet: names go in as text nodes.
  function text(s) { var span = document.createElement("span"); span.textContent = s; return span; }
  function showNote() { if (note) note.hidden = false; el.classList.add("no-tiles"); }
  if (el.dataset.tiles) {
    var failed = 0;
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" });
    // One failing tile can be chance; several mean the server is out of reach.
    tiles.on("tileerror", function () { failed += 1; if (failed >= 2) showNote(); });
    tiles.addTo(map);
  } else {
    showNote();
  }
  var chosen = data.areas.length ? data.areas : null;
  var labelled = {};
  data.labelled.forEach(function (name) { labelled[name] = true; });
  var bounds = null;
  var outlines = [];
  function extend(b) { if (!b || !b.isValid()) return; bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
  fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (geo) {
    if (!geo) return;
    geo.features = geo.features.filter(function (f) { return f.properties.boundary || !chosen || chosen.indexOf(f.properties.name) >= 0; });
    var layer = L.geoJSON(geo, {
      style: function (f) {
        return f.properties.boundary ? { color: "#1b1f24", weight: 2, fill: false, interactive: false }
          : { color: "#2f5f8f", weight: 1.5, dashArray: "4 3", fillColor: "#eef1f5", fillOpacity: 0.25 };
      },
      onEachFeature: function (f, l) { if (!f.properties.boundary) outlines.push([f.properties.name, l]); }
    }).addTo(map);
    // Named on the map itself, not only on hover: the page must read without a pointer. With many
    // areas (a city's DeSO) only the busiest are named until the map is zoomed in.
    function label() {
      var all = outlines.length <= 25 || map.getZoom() >= 14;
      outlines.forEach(function (o) {
        var permanent = all || !!labelled[o[0]];
        if (o[1].getTooltip() && o[1].getTooltip().options.permanent === permanent) return;
        o[1].unbindTooltip().bindTooltip(text(o[0]), { permanent: permanent, direction: "center", className: "area-label" });
      });
    }
    map.on("zoomend", label);
    extend(layer.getBounds());
    if (bounds) map.fitBounds(bounds, { padding: [8, 8] });
    label();
  }).catch(function () {});
  var points = L.layerGroup();
  data.points.forEach(function (p) {
    L.circleMarker(p, { radius: 3, color: "#ffffff", weight: 0.6, fillColor: "#0072B2", fillOpacity: 0.85, interactive: false }).addTo(points);
  });
  points.addTo(map);
  // Hot spots and places are named in their tables and on hover or tap; permanent labels for
  // them would cover the area names on a phone.
  data.hotspots.forEach(function (h) {
    // a square as wide as the cluster (its radius, else a 250 m grid cell), as on the static map
    var r = Math.max(h.radius || 0, 125), dLat = r / 111320, dLon = dLat / Math.cos(h.lat * Math.PI / 180);
    L.rectangle([[h.lat - dLat, h.lon - dLon], [h.lat + dLat, h.lon + dLon]], { color: "#D55E00", weight: 2, fillOpacity: 0.3 })
      .bindTooltip(text(h.label + " (" + h.count + ")"), { direction: "top", className: "hotspot-label" }).addTo(map);
  });
  data.places.forEach(function (p) {
    L.circleMarker([p.lat, p.lon], { radius: 6, color: "#1b1f24", weight: 1.5, fillColor: "#F0E442", fillOpacity: 1 })
      .bindTooltip(text(p.name), { direction: "top", className: "place-label" }).addTo(map);
  });
})();
