// The partner-city form's city picker (progressive enhancement: without JavaScript the picker stays
// hidden and the typed fields work as before). A combobox (ARIA 1.2 pattern): type two letters, choose
// with the arrow keys and Enter (or a click); the form's name, country, position and population are filled.
(function () {
  "use strict";
  var picker = document.getElementById("city-picker");
  if (!picker || !window.fetch) { return; }
  var input = document.getElementById("city-picker-input");
  var list = document.getElementById("city-picker-list");
  var status = document.getElementById("city-picker-status");
  var endpoint = picker.getAttribute("data-endpoint");
  var results = [];
  var active = -1;
  var timer = null;
  var lastQuery = "";
  picker.hidden = false;

  function field(name) { return document.getElementById(name); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    options.forEach(function (o, i) { o.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render() {
    list.textContent = "";
    results.forEach(function (place, i) {
      var li = document.createElement("li");
      li.id = "city-picker-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = place.name + " — " + place.countryName + " (" + place.population.toLocaleString(document.documentElement.lang) + " " + picker.getAttribute("data-inhabitants") + ")";
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", results.length > 0 ? "true" : "false");
    status.textContent = results.length === 0 ? picker.getAttribute("data-none") : picker.getAttribute("data-found").replace("{0}", results.length);
    highlight(-1);
  }

  function search() {
    var q = input.value.trim();
    if (q.length < 2) { results = []; close(); status.textContent = ""; return; }
    if (q === lastQuery) { return; }
    lastQuery = q;
    fetch(endpoint + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (found) { if (q === lastQuery) { results = found; render(); } })
      .catch(function () { results = []; render(); });
  }

  function set(id, value) {
    var el = field(id);
    if (!el) { return; }
    el.value = value;
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function choose(index) {
    var place = results[index];
    if (!place) { return; }
    set("Name", place.name);
    set("CountryCode", place.country);
    set("Latitude", String(place.latitude));
    set("Longitude", String(place.longitude));
    set("Population", String(place.population));
    input.value = place.name;
    lastQuery = input.value.trim();
    close();
    status.textContent = place.name + " — " + place.countryName;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      if (list.hidden && results.length > 0) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight(Math.min(active + 1, results.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      highlight(Math.max(active - 1, 0));
    } else if (e.key === "Enter") {
      if (!list.hidden && active >= 0) { e.preventDefault(); choose(active); }
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
