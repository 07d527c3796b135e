// Live search on the home page: /api/search as you type. Results are built with DOM text
// nodes (never innerHTML): labels come from documents.
(function () {
  "use strict";
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!box || !list) return;
  var timer = null;
  var latest = 0;
  var island = document.getElementById("i18n");
  var messages = island ? JSON.parse(island.textContent) : {};
  function t(key, fallback) { return messages[key] || fallback; }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function show(results) {
    list.replaceChildren();
    results.forEach(function (r) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind " + r.kind;
      kind.textContent = t("kind." + r.kind, r.kind);
      li.appendChild(kind);
      li.appendChild(r.href ? link(r.href, r.label) : document.createTextNode(r.label));
      if (r.trace) {
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(link(r.trace, t("trace", "trace")));
      }
      list.appendChild(li);
    });
    if (!results.length && box.value.trim()) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = t("nothing", "Nothing found.");
      list.appendChild(none);
    }
  }

  function run() {
    var q = box.value.trim();
    var ticket = ++latest;
    if (!q) { list.replaceChildren(); return; }
    fetch("/api/search?limit=20&q=" + encodeURIComponent(q))
      .then(function (r) { return r.json(); })
      .then(function (data) { if (ticket === latest) show(data.results || []); });
  }

  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
})();
