// Communique workbench: small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Document page: switch the quote and event highlights on and off.
  function bindToggle(id, cls) {
    var box = document.getElementById(id), text = document.getElementById("doctext");
    if (!box || !text) return;
    box.addEventListener("change", function () { text.classList.toggle(cls, !box.checked); });
  }
  bindToggle("toggle-events", "no-events");
  bindToggle("toggle-quotes", "no-quotes");

  // Scroll a #quote:/#event: anchor into view inside the highlighted text.
  if (location.hash.length > 1) {
    var target = document.getElementById("at-" + decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView({ block: "center" });
  }

  // Network: hovering a node lights up its edges and neighbours.
  var svg = document.getElementById("network");
  if (svg) {
    var lines = svg.querySelectorAll("line"), nodes = svg.querySelectorAll(".node");
    nodes.forEach(function (node) {
      node.addEventListener("mouseenter", function () {
        var id = node.getAttribute("data-id"), near = {};
        near[id] = true;
        lines.forEach(function (l) {
          var a = l.getAttribute("data-a"), b = l.getAttribute("data-b"), on = a === id || b === id;
          l.classList.toggle("lit", on);
          if (on) { near[a] = true; near[b] = true; }
        });
        nodes.forEach(function (n) { n.classList.toggle("lit", !!near[n.getAttribute("data-id")]); });
        svg.classList.add("hovering");
      });
      node.addEventListener("mouseleave", function () { svg.classList.remove("hovering"); });
    });
  }

  // Corrections form: POST to the API with the operator's token (kept for this tab only).
  var form = document.getElementById("correction-form");
  if (form) {
    form.token.value = sessionStorage.getItem("communique-token") || "";
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var out = document.getElementById("correction-result");
      var body = { kind: form.kind.value, target: form.target.value, payload: {} };
      if (body.kind === "set_speaker") body.payload.speaker_id = form.speaker_id.value.trim();
      sessionStorage.setItem("communique-token", form.token.value);
      fetch("/api/corrections", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Authorization": "Bearer " + form.token.value },
        body: JSON.stringify(body)
      }).then(function (r) { return r.json(); }).then(function (data) {
        out.textContent = data.ok ? "Saved. Reload to see it applied." : data.error;
      }).catch(function () { out.textContent = "Could not reach the server."; });
    });
  }
})();
