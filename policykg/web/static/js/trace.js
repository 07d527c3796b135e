// The trace page: "Print" prints the chain as a page (the print stylesheet drops the site's
// frame, the form and the graph), with every source passage unfolded.
(function () {
  "use strict";
  var button = document.getElementById("trace-print");
  if (button) button.addEventListener("click", function () { window.print(); });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.source").forEach(function (d) { d.open = true; });
  });
})();
