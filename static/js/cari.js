// The navbar's search box: "/" anywhere outside a field puts the cursor in it, so a USB
// scanner (it types the QR's address and presses Enter) can open a file at hand-over.
// On a list and on the intake screen the scanner need not wait for "/": keys that arrive
// while no field has the focus, as a burst no hand types (each within a few milliseconds
// of the last) and ending in Enter, are put in the box and searched.
(function () {
  "use strict";
  // A scanner's keys come a few milliseconds apart; a typist's, a hundred or more. Judged
  // on the burst's average, so one late key on a busy machine does not split a scan.
  var SCAN_MS = 45;     // the average gap of a scan, at most (a fast typist: 80 or more)
  var PAUSE_MS = 500;   // a longer gap starts a new burst
  var MIN_LENGTH = 4;   // a short number typed fast by hand is not a scan
  var burst = "", first = 0, last = 0;

  function box() { return document.getElementById("cari-navbar"); }

  function inField(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function scanScreen() {
    return !!(document.querySelector("table.model-list") || document.getElementById("loket"));
  }

  function scanning(now) {
    return burst.length >= MIN_LENGTH && (now - first) / burst.length <= SCAN_MS;
  }

  document.addEventListener("keydown", function (event) {
    var input = box(), t = event.target, now = event.timeStamp;
    if (!input || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) { return; }
    if (inField(t)) { burst = ""; return; }
    if (burst && now - last > PAUSE_MS) { burst = ""; }
    if (event.key === "Enter") {
      var scanned = scanScreen() && scanning(now) ? burst : "";
      burst = "";
      if (scanned) {
        event.preventDefault();
        input.value = scanned;
        if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
      }
      return;
    }
    if (event.key === "Shift" || event.key === "CapsLock") { return; }  // a scanner's capitals
    if (event.key.length !== 1) { burst = ""; return; }  // arrows, Tab, Escape...
    if (event.key === "/" && !(burst && now - last <= SCAN_MS)) {
      // "/" typed by hand: to the box. A scan held up on a busy machine keeps what it
      // has typed so far, and goes on typing into the box.
      event.preventDefault();
      var held = scanScreen() && burst.length > 1 && (last - first) / (burst.length - 1) <= SCAN_MS;
      input.focus();
      if (held) { input.value = burst + "/"; } else { input.select(); }
      burst = "";
      return;
    }
    if (!burst) { first = now; }
    burst += event.key;
    last = now;
  });
})();
