// The query page: YASGUI on /sparql, with the named queries of queries/ one click away.
// Parameters are bound server-side (/api/queries/<name>?param=value) so the page and the CLI
// inject values the same way.
(function () {
  "use strict";
  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: window.location.origin + "/sparql" }]; },
    },
  });
  window.policykgYasgui = yasgui;

  var form = document.getElementById("query-params");
  var fields = document.getElementById("param-fields");
  var description = document.getElementById("query-description");
  var current = null;

  function tab() { return yasgui.getTab(); }

  function load(name, values, run) {
    var qs = new URLSearchParams(values || {}).toString();
    return fetch("/api/queries/" + encodeURIComponent(name) + (qs ? "?" + qs : ""))
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error(body.error || r.statusText);
          return body;
        });
      })
      .then(function (q) {
        var t = tab();
        t.setQuery(q.bound);
        if (run) t.query();
        return q;
      })
      .catch(function (err) { description.textContent = "Error: " + err.message; form.hidden = false; });
  }

  function showParams(q) {
    current = q.name;
    fields.replaceChildren();
    description.textContent = q.description || "";
    q.params.forEach(function (p) {
      var label = document.createElement("label");
      label.textContent = p.name + (p.optional ? " (optional)" : "") + (p.meaning ? " — " + p.meaning : "");
      var input = document.createElement("input");
      input.type = "text";
      input.name = p.name;
      input.placeholder = p.default ? "default: " + p.default : "";
      label.appendChild(input);
      fields.appendChild(label);
    });
    form.hidden = false;
  }

  var catalogue = fetch("/api/queries").then(function (r) { return r.json(); })
    .then(function (body) {
      var byName = {};
      body.queries.forEach(function (q) { byName[q.name] = q; });
      return byName;
    });

  // A query whose required parameters have no default is shown, not run, until they are given.
  document.querySelectorAll("#named-queries button[data-query]").forEach(function (button) {
    button.addEventListener("click", function () {
      catalogue.then(function (byName) {
        var q = byName[button.dataset.query];
        showParams(q);
        var runnable = q.params.every(function (p) { return p.optional || p.default; });
        if (runnable) {
          load(q.name, {}, true);
        } else {
          tab().setQuery(q.text);
          description.textContent = (q.description || "") + " Fill in the required parameters, then run.";
        }
      });
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!current) return;
    var values = {};
    new FormData(form).forEach(function (v, k) { if (String(v).trim()) values[k] = String(v).trim(); });
    load(current, values, true);
  });
})();
