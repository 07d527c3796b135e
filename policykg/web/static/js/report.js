// The validation report page: download the report shown (this page as one HTML file, CSV,
// JSON, Turtle) without posting the file again. The texts come from JSON islands written by the
// server (never executed).
(function () {
  "use strict";

  // The page as a file that opens anywhere: its own stylesheets inlined, no scripts, no
  // download bar (its links need this page's script).
  function standalonePage() {
    var copy = document.documentElement.cloneNode(true);
    copy.querySelectorAll("script, #report-downloads, link[rel=stylesheet]").forEach(
      function (node) { node.remove(); });
    var rules = [];
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      try {
        Array.prototype.forEach.call(sheet.cssRules, function (r) { rules.push(r.cssText); });
      } catch (e) { /* a sheet from elsewhere cannot be read; the page has none */ }
    });
    var style = document.createElement("style");
    style.textContent = rules.join("\n");
    copy.querySelector("head").appendChild(style);
    copy.querySelectorAll("details").forEach(function (d) { d.setAttribute("open", ""); });
    return "<!DOCTYPE html>\n" + copy.outerHTML;
  }

  function content(link) {
    if (link.dataset.download === "page") return standalonePage();
    var island = document.getElementById(link.dataset.download);
    return island ? JSON.parse(island.textContent) : null;
  }

  document.querySelectorAll("a[data-download]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var text = content(link);
      if (text === null) return;
      var blob = new Blob([text], { type: link.dataset.type + ";charset=utf-8" });
      var url = URL.createObjectURL(blob);
      var a = document.createElement("a");
      a.href = url;
      a.download = link.dataset.filename || "report";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    });
  });
})();
