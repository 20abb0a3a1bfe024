// The report form's map: a tap sets the position, "use my position" asks the phone, and a
// known place moves the pin. The coordinate fields stay the source of truth, so the form
// also works without JavaScript.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  var el = document.getElementById("report-map");
  if (!form || !el || !window.L) return;
  var lat = document.getElementById("id_lat");
  var lon = document.getElementById("id_lon");
  var place = document.getElementById("id_place");
  var status = document.getElementById("position-status");
  var T = JSON.parse(document.getElementById("ui-strings").textContent);
  var map = L.map(el, { scrollWheelZoom: false }).setView([+el.dataset.lat, +el.dataset.lon], 12);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
  }
  if (el.dataset.areas) {
    fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        var layer = L.geoJSON(data, {
          style: function (f) { return f.properties.boundary ? { color: "#1d4f91", weight: 2, fill: false } : { color: "#2f7d4f", weight: 1, fillOpacity: 0.05 }; },
          interactive: false
        }).addTo(map);
        if (!lat.value) map.fitBounds(layer.getBounds());
      }).catch(function () {});
  }
  var marker = null;
  function announce() { form.dispatchEvent(new Event("location-set")); }
  function setPoint(la, lo, zoom) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    if (!marker) {
      marker = L.marker([la, lo], { draggable: true, keyboard: true, title: T.chosen_place }).addTo(map);
      marker.on("dragend", function () { var p = marker.getLatLng(); setPoint(p.lat, p.lng); });
    } else {
      marker.setLatLng([la, lo]);
    }
    if (zoom) map.setView([la, lo], zoom);
    announce();
  }
  if (lat.value && lon.value) setPoint(parseFloat(lat.value), parseFloat(lon.value), 15);
  map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); if (place) place.value = ""; });
  [lat, lon].forEach(function (input) {
    input.addEventListener("change", function () {
      if (lat.value && lon.value && !isNaN(+lat.value) && !isNaN(+lon.value)) setPoint(+lat.value, +lon.value, 15);
    });
  });
  var places = {};
  try { places = JSON.parse(document.getElementById("places-data").textContent); } catch (e) { places = {}; }
  if (place) place.addEventListener("change", function () {
    var p = places[place.value];
    if (p) setPoint(p.lat, p.lon, 16);
  });
  document.getElementById("use-position").addEventListener("click", function () {
    if (!navigator.geolocation) { status.textContent = T.position_unsupported; return; }
    status.textContent = T.position_wait;
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude, 16);
      if (place) place.value = "";
      status.textContent = T.position_set.replace("%(m)s", Math.round(pos.coords.accuracy));
    }, function () {
      status.textContent = T.position_failed;
    }, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
