// The validation report page: download the report shown (JSON, Turtle) without posting the
// file again. The texts come from JSON islands written by the server (never executed).
(function () {
  "use strict";
  document.querySelectorAll("a[data-download]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var island = document.getElementById(link.dataset.download);
      if (!island) return;
      var blob = new Blob([JSON.parse(island.textContent)], { type: link.dataset.type });
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
