// The tip form's map: tap to place the point (the latitude/longitude fields are filled, and stay
// usable without JavaScript or tiles), or use the phone's position.
(function () {
  "use strict";
  var el = document.getElementById("tip-map");
  var lat = document.getElementById("tip-lat");
  var lon = document.getElementById("tip-lon");
  var locate = document.getElementById("tip-locate");
  var note = document.getElementById("map-note");
  if (!el || !window.L) { if (locate) locate.hidden = !navigator.geolocation; return; }
  var start = lat.value && lon.value ? [+lat.value, +lon.value] : [+el.dataset.lat, +el.dataset.lon];
  var map = L.map(el, { maxZoom: 19, scrollWheelZoom: false }).setView(start, lat.value ? 16 : 12);
  if (el.dataset.tiles) {
    var failed = 0;
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" });
    tiles.on("tileerror", function () { failed += 1; if (failed >= 2 && note) note.hidden = false; });
    tiles.addTo(map);
  } else if (note) { note.hidden = false; }
  var marker = null;
  function place(p) {
    if (marker) marker.setLatLng(p); else marker = L.marker(p, { keyboard: false }).addTo(map);
    lat.value = p.lat.toFixed(6); lon.value = p.lng.toFixed(6);
  }
  if (lat.value && lon.value) place(L.latLng(+lat.value, +lon.value));
  map.on("click", function (e) { place(e.latlng); });
  if (locate) {
    if (!navigator.geolocation) { locate.hidden = true; return; }
    locate.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var p = L.latLng(pos.coords.latitude, pos.coords.longitude); place(p); map.setView(p, 17);
      }, function () { if (note) { note.textContent = locate.dataset.failed || note.textContent; } });
    });
  }
})();
