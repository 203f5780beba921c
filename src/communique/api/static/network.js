// Actor network: cytoscape (vendored) on the positions and communities the server computed.
// Zoom (wheel), pan (drag the background), drag nodes, a minimum tie strength slider,
// and labels thinned so that none overlaps another and none is cut at the edge.
(function () {
  "use strict";
  var dataEl = document.getElementById("network-data");
  var box = document.getElementById("network-graph");
  if (!dataEl || !box || typeof cytoscape !== "function") return;
  // Community colours (colour-blind-safe first); communities past the palette are grey.
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#17becf", "#bcbd22", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd"];
  var OTHER = "#a0aec0";
  var LABEL_PX = 12;
  var tools = document.getElementById("network-tools");
  var slider = document.getElementById("net-min");
  var sliderValue = document.getElementById("net-min-value");
  var status = document.getElementById("net-status");
  var info = document.getElementById("net-info");
  var cy = null, timer = null;

  function colour(c) { return c < PALETTE.length ? PALETTE[c] : OTHER; }

  function elements(data) {
    var els = [];
    data.nodes.forEach(function (n) {
      els.push({ group: "nodes", data: { id: n.id, label: n.name, weight: n.weight, size: 2 * n.r,
        colour: colour(n.community || 0), community: n.community || 0 },
        position: { x: n.x, y: n.y }, classes: n.focus ? "focus" : "" });
    });
    data.edges.forEach(function (e, i) {
      els.push({ group: "edges", data: { id: "e" + i, source: e.source, target: e.target,
        weight: e.weight, width: e.stroke } });
    });
    return els;
  }

  // A label's box on screen, as cytoscape lays it out (hidden labels keep their box).
  function labelBox(n) {
    return n.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
  }

  // Show labels heaviest first, skipping any that would overlap a shown one or leave the view.
  function thinLabels() {
    if (!cy) return;
    var w = box.clientWidth, h = box.clientHeight, shown = [];
    var nodes = cy.nodes(":visible").sort(function (a, b) {
      return (b.hasClass("focus") - a.hasClass("focus")) || (b.data("weight") - a.data("weight"));
    });
    var keep = cy.collection();
    nodes.forEach(function (n) {
      var bb = labelBox(n);
      if (!(bb.w > 0) || bb.x1 < 0 || bb.y1 < 0 || bb.x2 > w || bb.y2 > h) return;
      for (var i = 0; i < shown.length; i++) {
        var o = shown[i];
        if (bb.x1 < o.x2 + 2 && bb.x2 + 2 > o.x1 && bb.y1 < o.y2 + 1 && bb.y2 + 1 > o.y1) return;
      }
      shown.push(bb);
      keep = keep.union(n);
    });
    cy.batch(function () {
      cy.nodes().not(keep).addClass("no-label");
      keep.removeClass("no-label");
    });
    if (status) status.textContent = cy.nodes(":visible").length + " actors, " + cy.edges(":visible").length +
      " ties shown; " + shown.length + " labelled (zoom in for more)";
  }

  function later() { clearTimeout(timer); timer = setTimeout(thinLabels, 60); }

  function applyMinimum(min) {
    cy.batch(function () {
      cy.edges().forEach(function (e) { e.style("display", e.data("weight") >= min ? "element" : "none"); });
      cy.nodes().forEach(function (n) {
        var tied = n.connectedEdges().some(function (e) { return e.data("weight") >= min; });
        n.style("display", tied ? "element" : "none");
      });
    });
    if (sliderValue) sliderValue.textContent = String(min);
    thinLabels();
  }

  function showInfo(node) {
    if (!info) return;
    var id = encodeURIComponent(node.id());
    info.textContent = "";
    var title = document.createElement("strong");
    title.textContent = node.data("label");
    info.appendChild(title);
    info.appendChild(document.createTextNode(" · " + node.data("weight") + " shared events · community " +
      (node.data("community") + 1) + " "));
    [["profile", "/entities/" + id], ["focus", "/network?actor=" + id], ["events", "/events?actor=" + id]]
      .forEach(function (l) {
        var a = document.createElement("a");
        a.href = l[1]; a.textContent = l[0];
        info.appendChild(a); info.appendChild(document.createTextNode(" "));
      });
    info.hidden = false;
  }

  function draw(data) {
    if (cy) cy.destroy();
    var fontSize = LABEL_PX;
    cy = cytoscape({
      container: box,
      elements: elements(data),
      layout: { name: "preset", fit: true, padding: 24 },
      minZoom: 0.05, maxZoom: 10, wheelSensitivity: 0.3, pixelRatio: 1,
      // a large graph stays responsive while it moves: edges come back when it stops
      hideEdgesOnViewport: data.nodes.length > 300,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)",
          label: "data(label)", "font-size": fontSize, color: "#1a202c", "text-valign": "center",
          "text-halign": "right", "text-margin-x": 3, "text-outline-color": "#fff", "text-outline-width": 2,
          "border-color": "#fff", "border-width": 1 } },
        { selector: "node.no-label", style: { "text-opacity": 0, "text-outline-opacity": 0, "z-index": 1 } },
        { selector: "node[[degree >= 0]]", style: { "z-index-compare": "manual" } },
        { selector: "node:not(.no-label)", style: { "z-index": 10 } },
        { selector: "node.focus", style: { "border-color": "#1a202c", "border-width": 3 } },
        { selector: "node:selected", style: { "border-color": "#1a202c", "border-width": 3 } },
        { selector: "edge", style: { width: "data(width)", "line-color": "#a0aec0", opacity: 0.55,
          "curve-style": "haystack", "z-index": 0, "z-index-compare": "manual" } },
        { selector: ".faded", style: { opacity: 0.12 } },
        { selector: "edge.near", style: { "line-color": "#2b6cb0", opacity: 0.9 } }
      ]
    });
    // Labels keep one size on screen whatever the zoom, so zooming in makes room for more of them.
    var scaleLabels = function () {
      var z = cy.zoom();
      cy.style().selector("node").style({ "font-size": fontSize / z, "text-outline-width": 2 / z,
        "text-margin-x": 3 / z }).update();
    };
    scaleLabels();
    cy.on("zoom", scaleLabels);
    cy.on("viewport position", later);
    cy.on("tap", "node", function (ev) {
      var n = ev.target, near = n.closedNeighborhood();
      cy.elements().removeClass("faded near");
      cy.elements().not(near).addClass("faded");
      near.edges().addClass("near");
      showInfo(n);
    });
    cy.on("tap", function (ev) { if (ev.target === cy) { cy.elements().removeClass("faded near"); if (info) info.hidden = true; } });
    var max = 1;
    data.edges.forEach(function (e) { max = Math.max(max, e.weight); });
    if (slider) { slider.max = String(max); slider.value = String(Math.min(Number(slider.value) || 1, max)); }
    applyMinimum(slider ? Number(slider.value) : 1);
    return cy;
  }

  var data = JSON.parse(dataEl.textContent);
  var svg = document.getElementById("network");
  if (!data.nodes.length) return;
  if (svg) svg.style.display = "none";
  box.classList.add("live");
  if (tools) tools.hidden = false;
  draw(data);
  if (slider) slider.addEventListener("input", function () { applyMinimum(Number(slider.value)); });
  var fit = document.getElementById("net-fit");
  if (fit) fit.addEventListener("click", function () { cy.fit(undefined, 24); });
  window.addEventListener("resize", function () { if (cy) { cy.resize(); later(); } });
  // For checks from the browser: the live graph, and drawing any graph of the same shape.
  window.communiqueNetwork = { cy: function () { return cy; }, draw: draw, thinLabels: thinLabels, labelBox: labelBox };
})();
