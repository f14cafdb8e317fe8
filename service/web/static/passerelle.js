// Maps and charts drawn from data already on the page (the lists and tables say the same).
(function () {
  "use strict";

  // Leaflet reads a string tooltip as HTML: labels are names people typed, so they go in as text.
  function asText(label) {
    var span = document.createElement("span");
    span.textContent = label;
    return span;
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
    }
    document.querySelectorAll("[data-lat][data-lon]").forEach(function (el, i) {
      var p = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
      if (isNaN(p[0]) || isNaN(p[1])) return;
      L.circleMarker(p, { radius: 7, color: "#0b4f9c", fillOpacity: 0.7 })
        .bindTooltip(asText((el.closest(".result") ? (i + 1) + ". " : "") + el.dataset.label)).addTo(map);
      bounds.push(p);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 13 });
  }

  function drawChart(canvas) {
    if (!window.Chart || !canvas || canvas.dataset.drawn) return;
    canvas.dataset.drawn = "1";
    new Chart(canvas, {
      type: "bar",
      data: { labels: JSON.parse(canvas.dataset.labels),
              datasets: [{ label: "Positionnements", data: JSON.parse(canvas.dataset.values), backgroundColor: "#0b4f9c" }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function draw() {
    drawMap(document.getElementById("carte"));
    drawChart(document.getElementById("graphique-statuts"));
  }

  // « Imprimer cette fiche »: the option's page on paper, for the youth to take home.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  window.addEventListener("load", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
