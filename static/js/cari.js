// The navbar's search box: "/" anywhere outside a field puts the cursor in it, so a USB
// scanner (it types the QR's address and presses Enter) can open a file at hand-over.
// The scanner need not wait for "/", on any page with the box: keys that arrive as a
// burst no hand types (each within a few milliseconds of the last) and end in Enter are
// put in the box and searched. With no field focused any such burst is a scan; in a
// field (the Loket's NIK box has the focus all day) only a burst that reads as a QR's
// address or a receipt number is, and the field gets back what it held before it.
(function () {
  "use strict";
  // A scanner's keys come a few milliseconds apart; a typist's, a hundred or more. Judged
  // on the burst's average, so one late key on a busy machine does not split a scan.
  var SCAN_MS = 45;     // the average gap of a scan, at most (a fast typist: 80 or more)
  var PAUSE_MS = 500;   // a longer gap starts a new burst
  var MIN_LENGTH = 4;   // a short number typed fast by hand is not a scan
  // What a scan into a field may be: a verification address or a receipt number.
  var SCANNED_IN_FIELD = /^(https?:\/\/\S+\/verifikasi\/\S+|TT\/\d+\/\S+)$/i;
  var burst = "", first = 0, last = 0;
  var field = null, before = "";  // the field the burst went into, and its value before

  function box() { return document.getElementById("cari-navbar"); }

  function inField(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function scanning(now) {
    return burst.length >= MIN_LENGTH && (now - first) / burst.length <= SCAN_MS;
  }

  function search(input, text) {
    input.value = text;
    if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
  }

  // Captured on the window, before the page's own listeners (the Loket's Enter), so a
  // scan's Enter never reaches a form.
  window.addEventListener("keydown", function (event) {
    var input = box(), t = event.target, now = event.timeStamp;
    if (!input || event.ctrlKey || event.altKey || event.metaKey || event.isComposing) { return; }
    if (t === input) { burst = ""; return; }  // typed into the box itself: its own Enter
    var typing = inField(t);
    if (burst && (now - last > PAUSE_MS || (typing ? t !== field : field !== null))) { burst = ""; }
    if (event.key === "Enter") {
      var scanned = scanning(now) ? burst : "";
      burst = "";
      if (scanned && typing && !SCANNED_IN_FIELD.test(scanned)) { scanned = ""; }
      if (scanned) {
        event.preventDefault();
        event.stopImmediatePropagation();
        if (typing && "value" in t) {  // the field gets back what it held
          t.value = before;
          t.dispatchEvent(new Event("input", {bubbles: true}));
        }
        search(input, scanned);
      }
      return;
    }
    if (event.key === "Shift" || event.key === "CapsLock") { return; }  // a scanner's capitals
    if (event.key.length !== 1) { burst = ""; return; }  // arrows, Tab, Escape...
    if (!typing && event.key === "/" && !(burst && now - last <= SCAN_MS)) {
      // "/" typed by hand: to the box. A scan held up on a busy machine keeps what it
      // has typed so far, and goes on typing into the box.
      event.preventDefault();
      var held = burst.length > 1 && (last - first) / (burst.length - 1) <= SCAN_MS;
      input.focus();
      if (held) { input.value = burst + "/"; } else { input.select(); }
      burst = "";
      return;
    }
    if (!burst) {
      first = now;
      field = typing ? t : null;
      before = typing && "value" in t ? t.value : "";
    }
    burst += event.key;
    last = now;
  }, true);
})();
