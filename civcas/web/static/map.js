// The map pages. Basemap: Natural Earth countries (world-atlas TopoJSON) served by civcas; no
// tiles. #map[data-points] loads /api/points and draws clustered circle markers sized by
// civilian deaths and coloured by grade; #map[data-lat] shows one incident. Every string from the
// data is set as text (a DOM node's textContent), never handed to Leaflet as HTML.
"use strict";
(function () {
  const COLOURS = { Confirmed: "#b3261e", Fair: "#e8710a", Contested: "#8e44ad", Weak: "#9aa5ae", Discounted: "#2e7d32" };
  const el = document.getElementById("map");
  if (!el || typeof L === "undefined") return;

  const map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true, zoomSnap: 0.5 });
  map.attributionControl.setPrefix(false).addAttribution("Natural Earth");

  function basemap(file) {
    return fetch(file).then((r) => r.json()).then((world) => {
      const countries = topojson.feature(world, world.objects.countries);
      L.geoJSON(countries, { style: { className: "country" }, interactive: false }).addTo(map);
    });
  }

  // Circle radius grows with the logarithm of civilian deaths, up to a largest size: a figure of
  // 20,000 (right or wrong) must not cover the map. The legend draws the sizes with their figures.
  const RADIUS_MIN = 4, RADIUS_STEP = 5, RADIUS_MAX = 24;
  function radius(deaths) { return Math.min(RADIUS_MAX, RADIUS_MIN + RADIUS_STEP * Math.log10(1 + (deaths || 0))); }
  const CAPPED_FROM = Math.round(Math.pow(10, (RADIUS_MAX - RADIUS_MIN) / RADIUS_STEP));

  function sizeLegend(box) {
    const ns = "http://www.w3.org/2000/svg";
    const figures = [0, 10, 100, 1000, CAPPED_FROM];
    let x = 0;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("height", String(2 * RADIUS_MAX + 18));
    figures.forEach((n) => {
      const r = radius(n);
      const circle = document.createElementNS(ns, "circle");
      circle.setAttribute("cx", String(x + RADIUS_MAX)); circle.setAttribute("cy", String(RADIUS_MAX));
      circle.setAttribute("r", String(r)); circle.setAttribute("class", "legend-circle");
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", String(x + RADIUS_MAX)); label.setAttribute("y", String(2 * RADIUS_MAX + 14));
      label.setAttribute("class", "label middle");
      label.textContent = n === CAPPED_FROM ? "≥ " + n.toLocaleString("en") : n.toLocaleString("en");
      svg.appendChild(circle); svg.appendChild(label);
      x += 2 * RADIUS_MAX + 16;
    });
    svg.setAttribute("width", String(x)); svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "marker sizes: civilian deaths on a logarithmic scale, capped");
    box.textContent = "Civilian deaths (log scale; the largest size holds every figure from " +
                      CAPPED_FROM.toLocaleString("en") + " up): ";
    box.appendChild(svg);
  }

  function marker(feature, latlng) {
    const p = feature.properties;
    const m = L.circleMarker(latlng, { radius: radius(p.deaths_max), className: "incident-marker",
                                       color: "#ffffff", fillColor: COLOURS[p.grade] || "#666666", weight: 1 });
    const deaths = p.deaths_min === null ? "unknown" : (p.deaths_min === p.deaths_max ? p.deaths_min : p.deaths_min + "–" + p.deaths_max);
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = "/incidents/" + encodeURIComponent(p.id);
    link.textContent = "Incident " + p.id + ": " + p.place;
    box.appendChild(link);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode((p.date || "date unknown") + " · civilian deaths " + deaths + " · " + (p.grade || "ungraded")));
    m.bindPopup(box);
    return m;
  }

  if (el.dataset.points) {
    map.setView([25, 40], 3);
    const status = document.getElementById("map-status");
    const legend = document.getElementById("size-legend");
    if (legend) sizeLegend(legend);
    basemap("/static/vendor/world-atlas/countries-50m.json")
      .then(() => fetch(el.dataset.points))
      .then((r) => r.json())
      .then((points) => {
        const layer = L.geoJSON(points, { pointToLayer: marker });
        const cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false });
        cluster.addLayer(layer);
        map.addLayer(cluster);
        if (points.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 8, padding: [30, 30] });
        el.dataset.markers = String(points.features.length);
        status.textContent = points.features.length + " incidents with coordinates";
      })
      .catch((err) => { status.textContent = "the map could not load: " + err; });
  } else if (el.dataset.lat) {
    // One incident: zoomed to its admin-1 unit (its largest towns, labelled), the unit and the
    // country named in the corner. Names are text nodes, never markup.
    const here = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    const towns = JSON.parse(el.dataset.towns || "[]");
    map.setView(here, 7);
    basemap("/static/vendor/world-atlas/countries-50m.json").then(() => {
      const bounds = L.latLngBounds([here]);
      towns.forEach(([name, lat, lon]) => {
        const label = document.createElement("span");
        label.textContent = name;
        L.circleMarker([lat, lon], { radius: 2.5, className: "town-marker", weight: 0, interactive: false })
          .addTo(map).bindTooltip(label, { permanent: true, direction: "right", className: "town-label", offset: [3, 0] });
        bounds.extend([lat, lon]);
      });
      map.fitBounds(bounds.pad(0.25), { maxZoom: 9 });
      const label = document.createElement("span");
      label.textContent = el.dataset.label;    // a place name an analyst typed: text, never markup
      L.circleMarker(here, { radius: 8, className: "incident-marker", color: "#ffffff", fillColor: "#b3261e", weight: 1 })
        .addTo(map).bindTooltip(label);
      if (el.dataset.region) {
        const corner = L.control({ position: "topright" });
        corner.onAdd = () => { const box = L.DomUtil.create("div", "region-label"); box.textContent = el.dataset.region; return box; };
        corner.addTo(map);
      }
      el.dataset.markers = "1";
      el.dataset.labelled = String(towns.length);
    });
  }
})();
