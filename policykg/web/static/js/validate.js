// The validate form's file picker: the chosen file's name beside our button (the browser's own
// button and "No file chosen" are hidden: they speak the browser build's language).
(function () {
  const input = document.getElementById("plan-file");
  const name = document.getElementById("plan-file-name");
  if (!input || !name) return;
  const none = name.textContent;
  input.addEventListener("change", () => {
    name.textContent = input.files && input.files.length ? input.files[0].name : none;
  });
})();
