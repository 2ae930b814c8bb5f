// The create form follows the chosen service: its types and declared inputs are drawn by
// the server, so choosing another service asks for the form again, with the applicant
// already picked (no script: saving shows the chosen service's types with the error).
(function () {
  "use strict";
  var pilih = document.getElementById("layanan");
  if (!pilih || pilih.tagName !== "SELECT") { return; }
  pilih.addEventListener("change", function () {
    var q = new URLSearchParams(window.location.search), pemohon = document.getElementById("pemohon");
    q.set("layanan", pilih.value);
    if (pemohon && /^\d+$/.test(pemohon.value)) { q.set("pemohon_id", pemohon.value); } else { q.delete("pemohon_id"); }
    window.location.search = q.toString();
  });
})();
