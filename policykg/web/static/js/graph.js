// The graph page: answers the sandboxed frame's searches over the whole store (/api/search),
// which the frame cannot fetch itself (it has no origin and no network access). Only messages
// from the frame are answered, and only with what the search API returns to anyone.
(function () {
  "use strict";
  var frame = document.getElementById("graph-frame");
  if (!frame) { return; }
  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (event.source !== frame.contentWindow || data.policykg !== "search" ||
        typeof data.q !== "string" || !data.q.trim()) { return; }
    var q = data.q.slice(0, 200);
    fetch("/api/search?limit=12&q=" + encodeURIComponent(q))
      .then(function (response) { return response.ok ? response.json() : {results: []}; })
      .then(function (body) {
        var results = (body.results || []).map(function (hit) {
          return {kind: String(hit.kind), iri: String(hit.iri), label: String(hit.label)};
        });
        // the frame's origin is opaque ("null"): "*" is the only target that reaches it
        frame.contentWindow.postMessage({policykg: "results", q: q, results: results}, "*");
      })
      .catch(function () { /* the frame keeps its own matches */ });
  });
})();
