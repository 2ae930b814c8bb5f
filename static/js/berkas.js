// A public page's file box: the chosen file's name in the box (the admin pages do the
// same in app.js), so nothing of the browser's own "No file chosen" shows.
(function () {
  "use strict";
  document.querySelectorAll(".custom-file-input").forEach(function (input) {
    var label = input.parentNode.querySelector(".custom-file-label");
    if (!label) { return; }
    input.addEventListener("change", function () {
      var names = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      label.textContent = names.length ? names.join(", ") : label.getAttribute("data-kosong");
    });
  });
})();
