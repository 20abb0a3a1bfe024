// Incident map: clustered markers from the map GeoJSON, area outlines underneath.
(function () {
  "use strict";
  var el = document.getElementById("incident-map");
  if (!el || !window.L) return;
  var status = document.getElementById("map-status");
  var T = JSON.parse(document.getElementById("ui-strings").textContent);
  // maxZoom on the map itself: the cluster layer needs it, and without tiles nothing else sets it.
  var map = L.map(el, { maxZoom: 19 }).setView([+el.dataset.lat, +el.dataset.lon], 11);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  var base = el.dataset.detail;
  function esc(s) { var d = document.createElement("div"); d.textContent = s; return d.innerHTML; }
  fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, { style: function (f) { return f.properties.boundary ? { color: "#1d4f91", weight: 2, fill: false } : { color: "#2f7d4f", weight: 1, fillOpacity: 0.06 }; },
      onEachFeature: function (f, l) { if (!f.properties.boundary) l.bindTooltip(esc(f.properties.name)); } }).addTo(map);
    if (layer.getLayers().length) map.fitBounds(layer.getBounds());
  }).catch(function () {});
  fetch(el.dataset.source, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var cluster = L.markerClusterGroup();
    data.features.forEach(function (f) {
      var c = f.geometry.coordinates, p = f.properties;
      var m = L.marker([c[1], c[0]], { title: "#" + p.id + " " + p.category, alt: p.category });
      m.bindPopup("<strong>#" + p.id + " " + esc(p.category) + "</strong><br>" + esc(p.occurred_at) +
        (p.area ? "<br>" + esc(p.area) : "") + '<br><a href="' + base + p.id + '/">' + esc(T.show_incident) + '</a>');
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    status.textContent = T.n_on_map.replace("%(n)s", data.features.length);
    el.dataset.count = data.features.length;
  }).catch(function () { status.textContent = T.load_failed; });
})();
