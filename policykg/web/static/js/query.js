// The query page: YASGUI on /sparql, with the named queries of queries/ one click away.
// Parameters are bound server-side (/api/queries/<name>?param=value) so the page and the CLI
// inject values the same way. The results table shows names, not IRIs: every IRI cell links to
// this server's page for it (/id/..., /ontology#...) with its label, the IRI on hover; typed
// literals are shown as values (dates as 08/3/2024 in Vietnamese). Names come from /api/names.
(function () {
  "use strict";
  var island = document.getElementById("i18n");
  var messages = island ? JSON.parse(island.textContent) : {};
  var lang = document.documentElement.lang || "vi";
  function t(key, value) {
    var text = messages[key] || key;
    return value === undefined ? text : text.replace("{v}", value);
  }

  var ID = "https://w3id.org/policykg/id/";
  var PKG = "https://w3id.org/policykg/ontology#";
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var labels = {}; // IRI -> label ("" once asked and none found)

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function localHref(iri) {
    if (iri.indexOf(ID) === 0) return "/id/" + iri.substring(ID.length);
    if (iri.indexOf(PKG) === 0) return "/ontology#" + iri.substring(PKG.length);
    return /^https?:\/\//.test(iri) ? iri : "#";
  }

  function shortName(iri) {
    if (iri.indexOf(ID) === 0) return "id:" + iri.substring(ID.length);
    if (iri.indexOf(PKG) === 0) return "pkg:" + iri.substring(PKG.length);
    return iri;
  }

  function viDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    if (m) {
      var month = parseInt(m[2], 10);
      var shownMonth = month <= 2 ? m[2] : String(month);
      if (lang === "vi") return m[3] + "/" + shownMonth + "/" + m[1];
      return new Date(Date.UTC(+m[1], month - 1, +m[3])).toLocaleDateString("en-GB", {
        day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    }
    m = /^(\d{4})-(\d{2})$/.exec(text);
    if (m) return lang === "vi" ? "tháng " + parseInt(m[2], 10) + "/" + m[1] : m[2] + "/" + m[1];
    return text;
  }

  function literalText(binding) {
    var dt = binding.datatype || "";
    if (dt === XSD + "date" || dt === XSD + "dateTime" || dt === XSD + "gYearMonth") {
      return viDate(binding.value);
    }
    if (/#(integer|decimal|double|float|int|long|nonNegativeInteger)$/.test(dt)) {
      var n = Number(binding.value);
      if (!isNaN(n)) return n.toLocaleString(lang === "vi" ? "vi-VN" : "en-GB");
    }
    return binding.value;
  }

  function cell(binding) {
    if (binding.type === "uri") {
      var label = labels[binding.value];
      return "<div><a class='iri' href='" + escapeHtml(localHref(binding.value)) + "' title='" +
        escapeHtml(binding.value) + "'>" + escapeHtml(label || shortName(binding.value)) + "</a></div>";
    }
    var lit = binding["xml:lang"] ? " lang='" + escapeHtml(binding["xml:lang"]) + "'" : "";
    var title = binding.datatype ? " title='" + escapeHtml(binding.value) + "'" : "";
    return "<div><span class='nonIri'" + lit + title + ">" + escapeHtml(literalText(binding)) +
      "</span></div>";
  }

  var Table = window.Yasr && window.Yasr.plugins && window.Yasr.plugins.table;
  if (Table) {
    Table.prototype.getCellContent = function (binding) { return cell(binding); };
  }

  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: window.location.origin + "/sparql", method: "POST" },
    copyEndpointOnNewTab: false,
    tabName: t("tab"),  // YASGUI's default tab name is the English "Query"
    persistenceId: "policykg-query",
    yasr: { pluginOrder: ["table", "response"], defaultPlugin: "table" },
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: window.location.origin + "/sparql" }]; },
    },
  });
  window.policykgYasgui = yasgui;

  var form = document.getElementById("query-params");
  var fields = document.getElementById("param-fields");
  var description = document.getElementById("query-description");
  var notice = document.getElementById("query-notice");
  var current = null;

  function tab() { return yasgui.getTab(); }

  function say(text) {
    notice.textContent = text || "";
    notice.hidden = !text;
  }

  // --- names for the IRIs in a result -------------------------------------------------------
  // Only the rows on screen are named (the table shows 50 a page): a query answering thousands
  // of rows (the "agencies" query) would otherwise wait on one label query for all of them and
  // a redraw of the whole table. Named links are rewritten in place, without a redraw.
  var SAFE_IRI = /^https?:\/\/[^\s<>"{}|\\^`]+$/;

  function shownLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("#yasgui .yasr a.iri[title]"));
  }

  function unnamedIris() {
    var seen = {};
    shownLinks().forEach(function (a) {
      var iri = a.getAttribute("title");
      if (!(iri in labels) && SAFE_IRI.test(iri)) seen[iri] = true;
    });
    return Object.keys(seen).slice(0, 500);
  }

  function rename() {
    shownLinks().forEach(function (a) {
      var label = labels[a.getAttribute("title")];
      if (label && a.textContent !== label) a.textContent = label;
    });
  }

  // names as the site shows them (web/names.py): a task as "211-KH/TU § III.5", an agency
  // with its province where its label does not say it
  function fetchLabels(iris) {
    return fetch("/api/names", { method: "POST", body: JSON.stringify({ iris: iris }),
      headers: { "Content-Type": "application/json", Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { names: {} }; })
      .then(function (json) {
        iris.forEach(function (i) {
          var n = json.names[i];
          var label = n ? n.label + (n.hint ? " (" + n.hint + ")" : "") : "";
          labels[i] = label.length > 90 ? label.substring(0, 89) + "…" : label;
        });
      });
  }

  var naming = false, renameAgain = false;
  function nameShownRows() {
    if (naming) { renameAgain = true; return; }
    var missing = unnamedIris();
    rename();
    if (!missing.length) return;
    naming = true;
    fetchLabels(missing).catch(function () { /* links keep their short names */ })
      .then(function () {
        naming = false;
        rename();
        if (renameAgain) { renameAgain = false; nameShownRows(); }
      });
  }

  // a page turn, a sort or a search in the table draws new rows: name them
  var pending = null;
  new MutationObserver(function () {
    clearTimeout(pending);
    pending = setTimeout(nameShownRows, 50);
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });

  function onDrawn(yasr) {
    var results = yasr.results;
    var bindings = results && results.getBindings ? results.getBindings() : null;
    say(bindings && bindings.length === 0 ? t("empty") : "");
    nameShownRows();
  }

  // Readable errors: the server answers {"error": "..."}; show it on one line, without the
  // parser's list of expected tokens.
  function onResponse() {
    var response = null;
    Array.prototype.forEach.call(arguments, function (a) {
      if (a && typeof a === "object" && "content" in a && "status" in a) response = a;
    });
    if (!response || response.status < 400) return;
    var text = response.content || response.statusText || "";
    try { text = JSON.parse(text).error || text; } catch (e) { /* not JSON */ }
    text = String(text).replace(/expected one of[\s\S]*$/, "").replace(/\s+/g, " ").trim();
    say(t("error", text));
  }

  function watch(tabObject) {
    var yasr = tabObject.getYasr && tabObject.getYasr();
    if (!yasr || yasr.__policykgWatched) return;
    yasr.__policykgWatched = true;
    yasr.on("drawn", function () { onDrawn(yasr); });
    var yasqe = tabObject.getYasqe && tabObject.getYasqe();
    if (yasqe) yasqe.on("queryResponse", onResponse);
  }
  watch(tab());
  yasgui.on("tabSelect", function () { setTimeout(function () { watch(tab()); }, 0); });
  yasgui.on("tabAdd", function () { setTimeout(function () { watch(tab()); }, 0); });
  yasgui.on("query", function () { say(""); });

  // --- named queries --------------------------------------------------------------------------
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
        var tb = tab();
        tb.setQuery(q.bound);
        if (run) tb.query();
        return q;
      })
      .catch(function (err) { say(t("error", err.message)); });
  }

  function showParams(q) {
    current = q.name;
    fields.replaceChildren();
    description.textContent = q.description || "";
    q.params.forEach(function (p) {
      var label = document.createElement("label");
      // "(optional)" once: most meanings already say it
      var saysOptional = (p.meaning || "").toLowerCase().indexOf(t("optional")) >= 0;
      label.textContent = p.name + (p.optional && !saysOptional ? " (" + t("optional") + ")" : "") +
        (p.meaning ? " — " + p.meaning : "");
      var input = document.createElement("input");
      input.type = "text";
      input.name = p.name;
      var shown = p.default === "today" ? t("today") : p.default;
      input.placeholder = p.default ? t("default", shown) : "";
      label.appendChild(input);
      fields.appendChild(label);
    });
    form.hidden = q.params.length === 0;
    description.hidden = false;
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
          description.textContent = (q.description || "") + " " + t("fill");
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
