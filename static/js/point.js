// A small map that shows one position (the report's), with the municipality's areas.
(function () {
  "use strict";
  var el = document.getElementById("point-map");
  if (!el || !window.L) return;
  var at = [+el.dataset.lat, +el.dataset.lon];
  var map = L.map(el, { scrollWheelZoom: false }).setView(at, 15);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, { style: function (f) { return f.properties.boundary ? { color: "#1d4f91", weight: 2, fill: false } : { color: "#2f7d4f", weight: 1, fillOpacity: 0.06 }; }, interactive: false }).addTo(map);
  }).catch(function () {});
  L.marker(at, { keyboard: false, alt: el.dataset.label || "" }).addTo(map);
})();
