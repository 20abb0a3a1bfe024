// The public walk maps (one walk's observations, or a municipality's proposals with their
// status). Without tiles (none configured, no network, a failing tile server) the numbered points
// are the map, and a short note says the background is missing — as the lägesbild map does.
(function () {
  "use strict";
  var el = document.getElementById("walk-map");
  var dataEl = document.getElementById("walk-map-data");
  if (!el || !dataEl || !window.L) return;
  var rows = JSON.parse(dataEl.textContent);
  var note = document.getElementById("map-note");
  function showNote() { if (note) note.hidden = false; el.classList.add("no-tiles"); }
  var map = L.map(el, { maxZoom: 18, scrollWheelZoom: false });
  if (el.dataset.tiles) {
    var failed = 0;
    var tiles = L.tileLayer(el.dataset.tiles, { maxZoom: 18, attribution: "© OpenStreetMap" });
    tiles.on("tileerror", function () { failed += 1; if (failed >= 2) showNote(); });
    tiles.addTo(map);
  } else {
    showNote();
  }
  var latlngs = [];
  rows.forEach(function (r, i) {
    var label = r.n ? String(r.n) : String(i + 1);
    // the pin is a DOM element (text set as text), not an HTML string
    var pin = document.createElement("div");
    pin.className = "map-pin " + (r.status || "");
    pin.textContent = label;
    var icon = L.divIcon({ className: "", html: pin, iconSize: [26, 26] });
    var marker = L.marker([r.lat, r.lon], { icon: icon, keyboard: false, alt: r.label || r.title || "" });
    marker.addTo(map);
    var tip = document.createElement("span");
    tip.textContent = r.label || (r.title + " – " + r.status_label + " (" + r.owner + ")");
    marker.bindTooltip(tip);
    latlngs.push([r.lat, r.lon]);
  });
  if (latlngs.length) map.fitBounds(L.latLngBounds(latlngs).pad(0.2), { maxZoom: 16 });
  else map.setView([+el.dataset.lat || 62, +el.dataset.lon || 15], 11);
})();
