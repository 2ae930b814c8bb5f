// The navbar's search box: "/" anywhere outside a field puts the cursor in it, so a USB
// scanner (it types the QR's address and presses Enter) can open a file at hand-over.
document.addEventListener("keydown", function (event) {
  var box = document.getElementById("cari-navbar");
  var t = event.target;
  if (!box || event.key !== "/" || event.ctrlKey || event.altKey || event.metaKey) { return; }
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
  event.preventDefault();
  box.focus();
  box.select();
});
