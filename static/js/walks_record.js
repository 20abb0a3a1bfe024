// Recording observations on a safety walk, from a phone with a weak network. Each observation is
// first put in a queue kept in localStorage, with an id made here (client_id), and then sent; the
// server stores a client_id once, so an upload repeated after a lost answer adds nothing. The
// queue is sent again when the connection returns, and the walker sees what is still waiting.
(function () {
  "use strict";
  var form = document.getElementById("observation-form");
  if (!form) return;
  var T = JSON.parse(document.getElementById("walk-strings").textContent);
  var KEY = "samtrygg-walk-queue-" + form.dataset.walk;
  var lat = document.getElementById("obs-lat");
  var lon = document.getElementById("obs-lon");
  var text = document.getElementById("obs-text");
  var photo = document.getElementById("obs-photo");
  var errorBox = document.getElementById("form-error");
  var queueList = document.getElementById("queue");
  var queueCount = document.getElementById("queue-count");
  var sentList = document.getElementById("sent");
  var connection = document.getElementById("connection");
  var positionStatus = document.getElementById("position-status");
  var flushing = false;

  function csrf() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "c-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function save(queue) {
    localStorage.setItem(KEY, JSON.stringify(queue));
  }

  // the map: a tap or the phone's position sets the point
  var map = null, marker = null;
  var el = document.getElementById("walk-map");
  if (el && window.L) {
    map = L.map(el, { scrollWheelZoom: false }).setView([+el.dataset.lat, +el.dataset.lon], 13);
    if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: "© OpenStreetMap" }).addTo(map);
    map.on("click", function (e) { setPoint(e.latlng.lat, e.latlng.lng); });
  }
  function setPoint(la, lo, zoom) {
    lat.value = la.toFixed(6);
    lon.value = lo.toFixed(6);
    if (map) {
      if (!marker) marker = L.marker([la, lo], { keyboard: true, title: T.chosen_place }).addTo(map);
      else marker.setLatLng([la, lo]);
      if (zoom) map.setView([la, lo], zoom);
    }
    positionStatus.textContent = T.position_set;
  }
  document.getElementById("use-position").addEventListener("click", function () {
    if (!navigator.geolocation) { positionStatus.textContent = T.position_unsupported; return; }
    positionStatus.textContent = T.position_wait;
    navigator.geolocation.getCurrentPosition(function (pos) {
      setPoint(pos.coords.latitude, pos.coords.longitude, 17);
    }, function () { positionStatus.textContent = T.position_failed; }, { enableHighAccuracy: true, timeout: 15000 });
  });

  function label(item) {
    var checked = form.querySelector("input[name=category][value='" + item.payload.category + "']");
    var name = checked ? checked.nextElementSibling.textContent : item.payload.category;
    return name + (item.payload.text ? ": " + item.payload.text : "") + (item.photo ? " (" + T.with_photo + ")" : "");
  }
  function render() {
    var queue = load();
    queueCount.textContent = String(queue.length);
    queueList.innerHTML = "";
    queue.forEach(function (item) {
      var li = document.createElement("li");
      li.dataset.clientId = item.client_id;
      li.textContent = label(item) + " – " + (item.error ? T.failed + ": " + item.error : T.waiting);
      if (item.error) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "link"; b.textContent = T.remove;
        b.addEventListener("click", function () { save(load().filter(function (i) { return i.client_id !== item.client_id; })); render(); });
        li.appendChild(document.createTextNode(" "));
        li.appendChild(b);
      }
      queueList.appendChild(li);
    });
  }
  function showConnection() {
    connection.textContent = navigator.onLine ? T.online : T.offline;
  }

  function readPhoto(file) {
    return new Promise(function (resolve) {
      if (!file) { resolve(null); return; }
      var reader = new FileReader();
      reader.onload = function () { resolve({ name: file.name, data: reader.result }); };
      reader.onerror = function () { resolve(null); };
      reader.readAsDataURL(file);
    });
  }
  function dataToBlob(dataUrl) {
    var parts = dataUrl.split(","), mime = parts[0].split(":")[1].split(";")[0];
    var bin = atob(parts[1]), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: mime });
  }
  function errorText(body) {
    if (body && body.errors) return Object.keys(body.errors).map(function (k) { return body.errors[k].join(" "); }).join(" ");
    return (body && body.detail) || "";
  }
  function update(clientId, change) {
    var queue = load();
    queue.forEach(function (i) { if (i.client_id === clientId) Object.assign(i, change); });
    save(queue);
  }

  // Send the queue in order; stop at the first network failure and try again later.
  function flush() {
    if (flushing) return Promise.resolve();
    var item = load().filter(function (i) { return !i.error; })[0];
    if (!item) { render(); return Promise.resolve(); }
    flushing = true;
    var headers = { "Content-Type": "application/json", "X-CSRFToken": csrf() };
    return fetch(form.dataset.observationsUrl, {
      method: "POST", credentials: "same-origin", headers: headers, body: JSON.stringify(item.payload)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) { return { status: r.status, body: body }; });
    }).then(function (res) {
      if (res.status !== 200 && res.status !== 201) {
        update(item.client_id, { error: errorText(res.body) || String(res.status) });
        return true;
      }
      if (!item.photo) return done(item, res.body);
      var data = new FormData();
      data.append("file", dataToBlob(item.photo.data), item.photo.name || "foto.jpg");
      return fetch(form.dataset.photosUrl.replace("/0/", "/" + res.body.id + "/"), {
        method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf() }, body: data
      }).then(function (r) {
        if (r.status === 201) return done(item, res.body);
        return r.json().catch(function () { return {}; }).then(function (body) {
          // the observation is stored; keep it in the list as sent and say why the photo is not
          done(item, res.body, errorText(body));
          return true;
        });
      });
    }).then(function (more) {
      flushing = false;
      render();
      if (more) return flush();
    }).catch(function () {
      flushing = false;  // offline or the server did not answer: the item stays queued
      render();
    });
  }
  function done(item, observation, photoError) {
    save(load().filter(function (i) { return i.client_id !== item.client_id; }));
    var li = document.createElement("li");
    li.textContent = "#" + observation.id + " " + observation.category_name + (observation.text ? ": " + observation.text : "") +
      (photoError ? " – " + photoError : "");
    sentList.insertBefore(li, sentList.firstChild);
    return true;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    errorBox.hidden = true;
    var category = form.querySelector("input[name=category]:checked");
    var message = !lat.value || !lon.value || isNaN(+lat.value) || isNaN(+lon.value) ? T.no_position : !category ? T.no_category : "";
    if (message) { errorBox.textContent = message; errorBox.hidden = false; errorBox.focus && errorBox.focus(); return; }
    var ratings = {};
    form.querySelectorAll("[data-rating]").forEach(function (s) { if (s.value !== "") ratings[s.name] = +s.value; });
    var notPii = Array.prototype.map.call(form.querySelectorAll("input[name=not_pii]:checked"), function (c) { return c.value; });
    readPhoto(photo.files && photo.files[0]).then(function (p) {
      var item = {
        client_id: newId(),
        payload: { lat: +lat.value, lon: +lon.value, category: category.value, text: text.value.trim(), not_pii: notPii, ratings: ratings },
        photo: p
      };
      item.payload.client_id = item.client_id;
      var queue = load();
      queue.push(item);
      try { save(queue); } catch (err) {
        item.photo = null;  // the phone's storage is full: keep the observation without its photo
        queue[queue.length - 1] = item;
        save(queue);
        errorBox.textContent = T.photo_too_big; errorBox.hidden = false;
      }
      text.value = ""; photo.value = "";
      form.querySelectorAll("[data-rating]").forEach(function (s) { s.value = ""; });
      var box = document.getElementById("obs-text_pii");
      if (box) box.innerHTML = "";
      render();
      flush();
    });
  });

  window.addEventListener("online", function () { showConnection(); flush(); });
  window.addEventListener("offline", showConnection);
  setInterval(function () { if (navigator.onLine) flush(); }, 15000);
  showConnection();
  render();
  flush();
})();
