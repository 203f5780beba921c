// Names as you type: every input marked data-suggest fills its <datalist> from /api/suggest.
(function () {
  "use strict";
  var WAIT_MS = 120;
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) return;
    var timer = null, asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === asked) return;
        asked = q;
        var url = "/api/suggest?limit=10&q=" + encodeURIComponent(q);
        var type = input.getAttribute("data-suggest");
        if (type) url += "&type=" + encodeURIComponent(type);
        fetch(url).then(function (r) { return r.json(); }).then(function (data) {
          if (!data.ok || input.value.trim() !== q) return;
          list.textContent = "";
          data.items.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.name;
            option.textContent = item.type + (item.matched !== item.name ? " · " + item.matched : "") +
              " · " + item.mentions + " mention" + (item.mentions === 1 ? "" : "s");
            list.appendChild(option);
          });
        }).catch(function () { /* suggestions are a convenience; the form still works */ });
      }, WAIT_MS);
    });
  });
})();
