// The new major event form: a click (or tap) on the map sets the event's place (the hidden
// lat/lon fields); the municipality's areas are drawn for orientation, tiles or not.
(function () {
  "use strict";
  var el = document.getElementById("place-map");
  if (!el || !window.L) return;
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var map = L.map(el, { scrollWheelZoom: false }).setView([+el.dataset.lat, +el.dataset.lon], 12);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJSON(data, { style: function (f) { return f.properties.boundary ? { color: "#1d4f91", weight: 2, fill: false } : { color: "#2f7d4f", weight: 1, fillOpacity: 0.06 }; }, interactive: false }).addTo(map);
  }).catch(function () {});
  var marker = null;
  function set(at) {
    lat.value = at.lat.toFixed(6);
    lon.value = at.lng.toFixed(6);
    if (marker) marker.setLatLng(at); else marker = L.marker(at, { keyboard: false }).addTo(map);
  }
  if (lat.value && lon.value) set(L.latLng(+lat.value, +lon.value));
  map.on("click", function (e) { set(e.latlng); });
})();
