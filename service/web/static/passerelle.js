// Maps and charts drawn from data already on the page (the lists and tables say the same).
(function () {
  "use strict";

  // Leaflet reads a string tooltip as HTML: labels are names people typed, so they go in as text.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
  }

  // Commune outlines and the main towns' names, from our own server: a map that reads without
  // tiles. `paint` colours a commune (by its INSEE code), or leaves it plain.
  function drawOutlines(map, container, paint) {
    var departments = (container.dataset.departments || "").split(",").filter(Boolean);
    var labelFrom = parseInt(container.dataset.labelFrom || "15000", 10);
    var drawn = 0;
    departments.forEach(function (code) {
      fetch("/carte/contours/" + encodeURIComponent(code) + ".geojson", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var layer = L.geoJSON(data, {
            interactive: false,
            style: function (f) {
              if (f.properties.department) return { color: "#505a5f", weight: 2, fill: false };
              return paint(f.properties.code) || { color: "#b1b4b6", weight: 0.6, fillColor: "#f3f2f1", fillOpacity: 0.6 };
            },
            onEachFeature: function (f, l) {
              if (!f.properties.department && f.properties.population >= labelFrom) {
                L.tooltip({ permanent: true, direction: "center", className: "town-label" })
                  .setLatLng(l.getBounds().getCenter()).setContent(asText(f.properties.name)).addTo(map);
              }
            },
          }).addTo(map);
          layer.bringToBack();
          drawn += data.features.length;
          container.dataset.outlines = drawn;
        });
    });
  }

  function drawMap(container) {
    if (!window.L || !container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    // Without background tiles the map is a picture of points: no controls, read as one image.
    var tiles = container.dataset.tiles;
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: !!tiles, attributionControl: !!tiles,
                                 keyboard: !!tiles });
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
      container.setAttribute("aria-label", container.dataset.label);
    } else {
      container.setAttribute("role", "img");
      container.setAttribute("aria-label", container.dataset.label);
    }
    var bounds = [];
    if (container.dataset.homeLat) {
      var home = [parseFloat(container.dataset.homeLat), parseFloat(container.dataset.homeLon)];
      L.circleMarker(home, { radius: 9, color: "#1b1b1b", fillColor: "#ffbf47", fillOpacity: 1 })
        .bindTooltip("Domicile").addTo(map);
      bounds.push(home);
      var reach = parseFloat(container.dataset.reachKm);
      if (reach > 0) {  // how far the travel-time limit can lead: beyond it, nothing is reachable
        L.circle(home, { radius: reach * 1000, color: "#ffbf47", weight: 1, fillColor: "#ffbf47", fillOpacity: 0.12,
                         interactive: false }).addTo(map);
      }
    }
    document.querySelectorAll("[data-lat][data-lon]").forEach(function (el, i) {
      var p = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
      if (isNaN(p[0]) || isNaN(p[1])) return;
      L.circleMarker(p, { radius: 7, color: "#0b4f9c", fillOpacity: 0.7 })
        .bindTooltip(asText((el.closest(".result") ? (i + 1) + ". " : "") + el.dataset.label)).addTo(map);
      bounds.push(p);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
    drawOutlines(map, container, function () { return null; });
  }

  // The coverage map: one dot per commune of the table below, coloured by the options it
  // reaches (white zones stand out), and the proposed sites numbered as in their list.
  function drawCoverage(container) {
    if (!window.L || !container || container.dataset.drawn) return;
    container.dataset.drawn = "1";
    var tiles = container.dataset.tiles;
    var map = L.map(container, { preferCanvas: true, scrollWheelZoom: false, zoomControl: !!tiles,
                                 attributionControl: !!tiles, keyboard: !!tiles });
    if (tiles) L.tileLayer(tiles, { maxZoom: 18 }).addTo(map);
    else container.setAttribute("role", "img");
    container.setAttribute("aria-label", container.dataset.label);
    var bounds = [], white = 0;
    document.querySelectorAll("tr[data-clat]").forEach(function (row) {
      var p = [parseFloat(row.dataset.clat), parseFloat(row.dataset.clon)];
      var reach = parseInt(row.dataset.reach, 10);
      var style = reach === 0 ? { color: "#d4351c", fillColor: "#ffffff", fillOpacity: 1, weight: 2 }
        : reach < 3 ? { color: "#5694ca", fillColor: "#5694ca", fillOpacity: 0.8, weight: 1 }
        : { color: "#0b4f9c", fillColor: "#0b4f9c", fillOpacity: 0.9, weight: 1 };
      style.radius = 4;
      L.circleMarker(p, style).bindTooltip(asText(row.dataset.label)).addTo(map);
      bounds.push(p);
      if (reach === 0) white += 1;
    });
    // What was drawn, for the reader who checks the map against the table (and for the tests).
    container.dataset.communes = bounds.length;
    container.dataset.white = white;
    document.querySelectorAll("[data-pick-lat]").forEach(function (el) {
      var p = [parseFloat(el.dataset.pickLat), parseFloat(el.dataset.pickLon)];
      L.circleMarker(p, { radius: 10, color: "#1b1b1b", fillColor: "#ffbf47", fillOpacity: 1, weight: 2 })
        .bindTooltip(asText(el.dataset.label), { permanent: true, direction: "right" }).addTo(map);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [10, 10] });
    var reach = {};
    document.querySelectorAll("tr[data-code]").forEach(function (row) { reach[row.dataset.code] = parseInt(row.dataset.reach, 10); });
    drawOutlines(map, container, function (code) {
      if (!(code in reach)) return null;
      var n = reach[code];
      return n === 0 ? { color: "#d4351c", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9 }
        : n < 3 ? { color: "#5694ca", weight: 0.6, fillColor: "#5694ca", fillOpacity: 0.45 }
        : { color: "#0b4f9c", weight: 0.6, fillColor: "#0b4f9c", fillOpacity: 0.55 };
    });
  }

  function drawChart(canvas) {
    if (!window.Chart || !canvas || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    new Chart(canvas, {
      type: "bar",
      data: { labels: JSON.parse(canvas.dataset.labels),
              datasets: [{ label: canvas.dataset.series || "Positionnements", data: JSON.parse(canvas.dataset.values), backgroundColor: "#0b4f9c" }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function draw() {
    drawMap(document.getElementById("carte"));
    drawCoverage(document.getElementById("carte-territoire"));
    document.querySelectorAll("canvas.chart").forEach(drawChart);
  }

  // « Imprimer cette fiche »: the option's page on paper, for the youth to take home.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  window.addEventListener("load", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
