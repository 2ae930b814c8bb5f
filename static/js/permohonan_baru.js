// The create form follows the chosen service: its types and declared inputs are drawn by
// the server, so choosing another service asks for the form again, with the applicant
// already picked (no script: saving shows the chosen service's types with the error).
(function () {
  "use strict";
  // Step 1's clock starts at the first key or click, not when the form was handed out
  // (app/services/stopwatch.py): the form says how long it lay idle before.
  var mulai = document.querySelector("input[name=mulai]");
  if (mulai && mulai.form) {
    var sejak = performance.now(), jeda = null;
    var catat = function () { if (jeda === null) { jeda = Math.round(performance.now() - sejak); } };
    mulai.form.addEventListener("keydown", catat, true);
    mulai.form.addEventListener("mousedown", catat, true);
    mulai.form.addEventListener("submit", function () {
      if (mulai.value.indexOf("~") < 0) { mulai.value += "~" + (jeda === null ? 0 : jeda); }
    });
  }
  var pilih = document.getElementById("layanan");
  if (!pilih || pilih.tagName !== "SELECT") { return; }
  pilih.addEventListener("change", function () {
    var q = new URLSearchParams(window.location.search), pemohon = document.getElementById("pemohon");
    q.set("layanan", pilih.value);
    if (pemohon && /^\d+$/.test(pemohon.value)) { q.set("pemohon_id", pemohon.value); } else { q.delete("pemohon_id"); }
    window.location.search = q.toString();
  });
})();
