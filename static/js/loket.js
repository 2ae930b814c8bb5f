// Loket: the front desk's one screen, for the keyboard. NIK + Enter loads the applicant
// (or opens the fields) and moves on, never saves; the service's card (type, declared
// inputs, checklist, decision) follows the chosen service, the checklist follows the
// application type; once the type is chosen and the applicant's data passed, Enter saves
// without leaving the page (one file however often it is pressed), and the receipt opens
// in a new tab straight away.
(function () {
  "use strict";
  var form = document.getElementById("loket");
  if (!form) { return; }
  var $ = function (id) { return document.getElementById(id); };
  var nik = $("f-nik"), fieldset = $("data-pemohon"), info = $("nik-info");
  var kartu, jenis, daftar, semua, catatan, grupCatatan, tombol;  // the service's card
  var errorBox = $("loket-error"), hasil = $("loket-hasil");
  var csrf = form.querySelector("[name=csrf_token]").value;
  var d = form.dataset;
  var nikDimuat = null;       // the NIK whose data the form now holds
  var catatanManual = false;  // the clerk wrote the return note by hand
  var asal = {};              // a known applicant's values, to show what changed
  var dilewati = false;       // the focus has passed the applicant's block since it was loaded
  var menyimpan = false;      // a save is on its way: further Enters wait for its answer
  var enterNikSampai = 0;     // an Enter before this moment was meant for the NIK box,
                              // while nothing else was pressed or focused since
  var NIK_ENTER_MS = 500;     // how long after the focus moved on an Enter still is the NIK's
  // Step 1's clock starts at the first key or click of a file, not when the page (or the
  // last save) handed out the form: the page says how long it lay idle before.
  var siapSejak = performance.now(), jeda = null;
  var pindahOtomatis = false; // the page itself is moving the focus
  var dikenal = false;        // the loaded NIK is a known applicant's

  function post(url, data) {
    var body = data instanceof FormData ? data : new URLSearchParams(data);
    return fetch(url, {method: "POST", body: body, credentials: "same-origin",
                       headers: {"Accept": "application/json", "X-CSRFToken": csrf}})
      .then(function (r) {
        // Anything but our JSON (an expired session's login page, a stale CSRF token's
        // refusal) means this page must be loaded again.
        if ((r.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
          return {ok: false, error: d.teksMuatUlang, errors: {}};
        }
        return r.json().then(function (j) { j.status = r.status; return j; });
      });
  }

  function field(name) { return $("f-" + name); }
  // A field's value as the form holds it (a checkbox: ticked or not).
  function nilai(el) { return el.type === "checkbox" ? (el.checked ? "y" : "") : String(el.value); }

  function tampilkanPemohon(show) {
    fieldset.hidden = !show;
    $("tunggu-nik").hidden = show;
  }

  // --- errors next to the fields -------------------------------------------------------
  function bersihkanError() {
    errorBox.hidden = true;
    form.querySelectorAll(".is-invalid").forEach(function (el) {
      el.classList.remove("is-invalid"); el.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".invalid-feedback").forEach(function (el) { el.textContent = ""; });
    $("e-syarat").textContent = "";
  }

  function tampilkanError(j) {
    var pertama = null;
    Object.keys(j.errors || {}).forEach(function (name) {
      var feedback = $("e-" + name);
      if (feedback) { feedback.textContent = j.errors[name]; }
      var el = field(name);
      if (el) {
        el.classList.add("is-invalid"); el.setAttribute("aria-invalid", "true");
        el.setAttribute("aria-describedby", "e-" + name);
        pertama = pertama || el;
      } else if (name === "syarat") {
        pertama = pertama || semua;
      }
    });
    errorBox.querySelector(".pesan").textContent = j.error || d.teksGagal;
    var link = errorBox.querySelector("a");
    if (link) { link.remove(); }
    if (j.terbuka) {
      link = document.createElement("a");
      link.className = "alert-link ml-1";
      link.href = j.terbuka.url;
      link.textContent = d.teksBuka + " " + j.terbuka.nomor;
      errorBox.appendChild(link);
      pertama = link;
    }
    errorBox.hidden = false;
    if (pertama && fieldset.hidden && pertama !== link) { tampilkanPemohon(true); }
    (pertama || errorBox).focus();
  }

  // --- the NIK ---------------------------------------------------------------------------
  function tandaiPerubahan(el) {
    var name = el.name, note = form.querySelector(".sebelumnya[data-for='" + name + "']");
    if (!(name in asal) || !note) { return; }
    var berubah = nilai(el).trim() !== String(asal[name]);
    el.classList.toggle("berubah", berubah);
    note.hidden = !berubah;
    if (berubah) {
      var teks = asal[name];
      if (el.tagName === "SELECT") {
        var opt = el.querySelector("option[value='" + CSS.escape(String(asal[name])) + "']");
        teks = opt ? opt.textContent : teks;
      }
      note.textContent = d.teksSebelumnya + " " + (teks === "" ? "—" : teks);
    }
  }

  function isi(data, dikenal) {
    asal = {};
    fieldset.querySelectorAll("input, select").forEach(function (el) {
      var value = data[el.name];
      if (el.type === "checkbox") {
        if (dikenal || value !== undefined || nikDimuat !== null) { el.checked = !!value; }
        if (dikenal) { asal[el.name] = nilai(el); }
      } else if (dikenal) {
        el.value = value === null || value === undefined ? "" : String(value);
        asal[el.name] = el.value;
      } else if (value !== undefined) {
        el.value = String(value);
      } else if (nikDimuat !== null) {
        el.value = "";  // a new person after a known one: nothing of the last one stays
      }
      el.classList.remove("berubah");
    });
    form.querySelectorAll(".sebelumnya").forEach(function (n) { n.hidden = true; });
  }

  function muatNik(pindahFokus) {
    var value = nik.value.trim();
    bersihkanError();
    return post(d.pemohonUrl, {nik: value, layanan: layanan()}).then(function (j) {
      if (!j.ok) { tampilkanError({errors: {nik: j.error}, error: j.error}); return false; }
      isi(j.data, j.dikenal);
      nikDimuat = value;
      dilewati = false;
      dikenal = j.dikenal;
      info.textContent = j.dikenal ? d.teksDikenal : d.teksBaru;
      info.className = "col-md-4 small pt-md-4 " + (j.dikenal ? "nik-dikenal" : "nik-baru");
      tampilkanPemohon(true);
      if (j.terbuka) {
        tampilkanError({error: j.terbuka.pesan, terbuka: j.terbuka});
        return true;
      }
      muatSyarat();
      if (pindahFokus || document.activeElement === nik || document.activeElement === document.body) {
        var kosong = Array.prototype.find.call(fieldset.querySelectorAll("input, select"),
          function (el) { return el.value === "" && !el.hasAttribute("data-opsional"); });
        pindahOtomatis = true;
        (j.dikenal ? jenis : (kosong || field("no_kk"))).focus();
        pindahOtomatis = false;
        enterNikSampai = performance.now() + NIK_ENTER_MS;
      }
      return true;
    }).catch(function () { tampilkanError({error: d.teksGagal}); return false; });
  }

  // Looked up at the 16th digit once the keys stop: a scanner's burst (an address, whose
  // digits land here) goes on and is taken back by the search box's listener (cari.js).
  var tundaNik = null;
  nik.addEventListener("input", function () {
    // A queue number's letter typed into the empty NIK box: the number goes to its
    // own box, and the keys after it with it.
    var huruf = nik.value.trim().toUpperCase();
    if (huruf.length === 1 && d.hurufAntrean.indexOf(huruf) >= 0) {
      nik.value = "";
      var tiket = $("f-tiket");
      tiket.value = huruf;
      tiket.focus();
      return;
    }
    nik.value = nik.value.replace(/\D/g, "").slice(0, 16);
    clearTimeout(tundaNik);
    if (nik.value.length === 16 && nik.value !== nikDimuat) {
      tundaNik = setTimeout(function () {
        if (nik.value.length === 16 && nik.value !== nikDimuat) { muatNik(false); }
      }, 250);
    }
  });
  nik.addEventListener("change", function () {
    clearTimeout(tundaNik);
    if (nik.value.length === 16 && nik.value !== nikDimuat) { muatNik(true); }
  });
  // The focus in the application's card after the applicant was loaded: the data above
  // was passed on the way (what "seen" can mean to a page).
  form.addEventListener("focusin", function (e) {
    if (nikDimuat !== null && kartu.contains(e.target)) { dilewati = true; }
    if (!pindahOtomatis) { enterNikSampai = 0; }
  });
  form.addEventListener("keydown", function (e) { if (e.key !== "Enter") { enterNikSampai = 0; } }, true);
  function mulaiBerkas() { if (jeda === null) { jeda = Math.round(performance.now() - siapSejak); } }
  form.addEventListener("keydown", mulaiBerkas, true);
  form.addEventListener("mousedown", mulaiBerkas, true);

  fieldset.addEventListener("input", function (e) { tandaiPerubahan(e.target); });
  fieldset.addEventListener("change", function (e) { tandaiPerubahan(e.target); });

  // dd/mm/yyyy typed as 17051990 is written out; the checklist may depend on the age.
  field("tanggal_lahir").addEventListener("change", function () {
    var v = this.value.trim();
    if (/^\d{8}$/.test(v)) { this.value = v.slice(0, 2) + "/" + v.slice(2, 4) + "/" + v.slice(4); }
    muatSyarat();
  });

  // --- the checklist and the button it decides ------------------------------------------
  function kotak() { return Array.prototype.slice.call(daftar.querySelectorAll("input[name=syarat]")); }

  function perbarui() {
    var items = kotak(), kurang = items.filter(function (b) { return b.dataset.wajib === "1" && !b.checked; });
    var k = kartu.dataset;
    semua.checked = items.length > 0 && items.every(function (b) { return b.checked; });
    semua.indeterminate = !semua.checked && items.some(function (b) { return b.checked; });
    if (!jenis.value) {  // no type chosen yet: nothing to decide
      tombol.value = k.lengkap; tombol.textContent = k.teksSimpan; tombol.className = "btn btn-block btn-secondary";
      if (grupCatatan) { grupCatatan.hidden = true; }
      return;
    }
    if (!k.lengkap) {  // a service whose desk only records: no decision, no note
      tombol.value = ""; tombol.textContent = k.teksSimpan; tombol.className = "btn btn-block btn-success";
      return;
    }
    var lengkap = kurang.length === 0;
    tombol.value = lengkap ? k.lengkap : k.kurang;
    tombol.textContent = lengkap ? k.teksLengkap : k.teksKurang;
    tombol.className = "btn btn-block " + (lengkap ? "btn-success" : "btn-warning");
    grupCatatan.hidden = lengkap;
    if (!catatanManual) {
      catatan.value = lengkap ? "" : d.awalan + kurang.map(function (b) { return b.dataset.label; }).join("; ") + ".";
    }
  }

  function muatSyarat() {
    var dicentang = {};
    kotak().forEach(function (b) { dicentang[b.value] = b.checked; });
    if (!jenis.value) { daftar.textContent = ""; perbarui(); return Promise.resolve(); }
    return post(d.syaratUrl, {layanan: layanan(), jenis: jenis.value,
                              tanggal_lahir: field("tanggal_lahir").value})
      .then(function (j) {
        if (!j.ok) { return; }
        daftar.textContent = "";
        j.syarat.forEach(function (s) {
          var row = document.createElement("div"), box = document.createElement("input"),
              label = document.createElement("label");
          row.className = "form-check";
          box.type = "checkbox"; box.name = "syarat"; box.value = s.kode; box.id = "syarat-" + s.kode;
          box.className = "form-check-input"; box.dataset.wajib = s.wajib ? "1" : "0";
          box.dataset.label = s.label_id; box.checked = !!dicentang[s.kode];
          label.className = "form-check-label"; label.htmlFor = box.id; label.textContent = s.label;
          if (!s.wajib) { var small = document.createElement("small"); small.textContent = " " + d.teksOpsional; label.appendChild(small); }
          row.appendChild(box); row.appendChild(label); daftar.appendChild(row);
        });
        perbarui();
      });
  }

  function layanan() { return form.elements.layanan.value; }

  // The card of one service: its elements and their listeners, again after a swap.
  function ikatKartu() {
    kartu = $("kartu-permohonan"); jenis = $("f-jenis"); daftar = $("daftar-syarat");
    semua = $("syarat-semua"); catatan = $("f-catatan"); grupCatatan = $("grup-catatan");
    tombol = $("simpan");
    jenis.addEventListener("change", muatSyarat);
    daftar.addEventListener("change", perbarui);
    semua.addEventListener("change", function () {
      kotak().forEach(function (b) { b.checked = semua.checked; });
      perbarui();
    });
    if (catatan) {
      catatan.addEventListener("input", function () { catatanManual = catatan.value.trim() !== ""; });
    }
    var pilih = $("f-layanan");
    if (pilih) { pilih.addEventListener("change", gantiLayanan); }
  }

  // Another service: the server draws its card (types, inputs, checklist, decision) as
  // the page would be drawn for it; the applicant's fields stay as typed.
  function gantiLayanan() {
    var pilih = $("f-layanan"), url = pilih.dataset.url + "?layanan=" + encodeURIComponent(pilih.value);
    return fetch(url, {credentials: "same-origin"}).then(function (r) {
      return r.ok ? r.text() : Promise.reject(r.status);
    }).then(function (text) {
      var baru = new DOMParser().parseFromString(text, "text/html").getElementById("kartu-permohonan");
      if (!baru) { return Promise.reject(0); }
      kartu.replaceWith(document.adoptNode(baru));
      catatanManual = false;
      ikatKartu();
      $("f-layanan").focus();
      return muatSyarat();
    }).catch(function () { tampilkanError({error: d.teksMuatUlang}); });
  }

  // --- Enter: in the NIK box it looks up and moves on; elsewhere it saves when ready ----
  function fokusBerikut(dari) {
    var urut = Array.prototype.filter.call(form.querySelectorAll("input, select, textarea, button"),
      function (el) { return el.type !== "hidden" && !el.disabled && el.offsetParent !== null; });
    var next = urut[urut.indexOf(dari) + 1];
    if (next) { next.focus(); }
  }

  function lanjutDariNik() {
    if (nik.value.length !== 16) {
      if (nik.value) { tampilkanError({errors: {nik: d.teksNik}, error: d.teksNik}); }
      return;
    }
    clearTimeout(tundaNik);
    if (nik.value !== nikDimuat) { muatNik(true); return; }
    if (dikenal) { jenis.focus(); } else { fokusBerikut(nik); }
  }

  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.isComposing || e.defaultPrevented) { return; }
    var t = e.target;
    if (t.tagName === "TEXTAREA" && !e.ctrlKey) { return; }
    if (t.tagName === "BUTTON" || t.tagName === "A") { return; }
    e.preventDefault();
    if (t === nik) { lanjutDariNik(); return; }
    if (performance.now() < enterNikSampai) { return; }  // the NIK's Enter, after the move
    // The queue number's Enter (typed, or a scanner's) confirms it and never saves: back to
    // the NIK when none is loaded yet, else on to the type (a known applicant) or the data.
    if (t.id === "f-tiket") {
      if (nikDimuat === null) { nik.focus(); } else if (dikenal) { jenis.focus(); } else { fokusBerikut(t); }
      return;
    }
    // In the applicant's block, before the type is chosen, Enter goes on like Tab.
    if (fieldset.contains(t) && !jenis.value) { fokusBerikut(t); return; }
    form.requestSubmit(tombol);
  });

  function selesai(j) {
    hasil.textContent = "";
    var box = document.createElement("div"), teks = document.createElement("span");
    box.className = "alert alert-success d-flex flex-wrap align-items-center";
    box.setAttribute("role", "status");
    teks.className = "mr-3"; teks.textContent = j.pesan; box.appendChild(teks);
    if (j.cetak_url) {
      var cetak = document.createElement("a");
      cetak.className = "btn btn-sm btn-dark mr-2"; cetak.href = j.cetak_url; cetak.target = "_blank";
      cetak.rel = "noopener"; cetak.id = "cetak-hasil"; cetak.textContent = d.teksCetak + ": " + j.cetak_judul;
      box.appendChild(cetak);
    }
    var buka = document.createElement("a");
    buka.className = "btn btn-sm btn-outline-dark"; buka.href = j.berkas_url; buka.textContent = d.teksBuka + " " + j.nomor;
    box.appendChild(buka);
    hasil.appendChild(box);
    // Opened within the key press's activation, so no pop-up blocker stops it.
    var tab = j.cetak_url ? window.open(j.cetak_url, "_blank") : null;
    form.reset();  // the chosen service stays: its option is the card's selected one
    form.querySelector("[name=mulai]").value = j.mulai;
    nikDimuat = null; catatanManual = false; asal = {}; dilewati = false;
    siapSejak = performance.now(); jeda = null;
    enterNikSampai = performance.now() + NIK_ENTER_MS;  // the same Enter pressed again
    info.textContent = "";
    tampilkanPemohon(false);
    muatSyarat();
    (tab ? nik : ($("cetak-hasil") || nik)).focus();
  }

  // Why this form may not be saved yet (the field to go to and its message), or null.
  function belumSiap() {
    if (!jenis.value) { return {name: "jenis", pesan: d.teksPilihJenis}; }
    if (!dilewati) { return {name: null, pesan: d.teksPeriksaData}; }
    return null;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (menyimpan) { return; }  // one file, one answer, however often Enter is hit
    if (!nik.value) { nik.focus(); return; }
    if (nik.value !== nikDimuat) { muatNik(true); return; }
    var alasan = belumSiap();
    if (alasan) {
      bersihkanError();
      var errors = {};
      if (alasan.name) { errors[alasan.name] = alasan.pesan; }
      tampilkanError({errors: errors, error: alasan.pesan});
      if (!alasan.name) { field("no_kk").focus(); }
      return;
    }
    bersihkanError();
    var data = new FormData(form);
    data.set("aksi", tombol.value);
    data.set("mulai", data.get("mulai") + "~" + (jeda === null ? 0 : jeda));
    menyimpan = true; tombol.disabled = true;
    post(form.action || window.location.href, data).then(function (j) {
      if (j.ok) { selesai(j); } else { tampilkanError(j); }
    }).catch(function () { tampilkanError({error: d.teksGagal}); })
      .finally(function () { menyimpan = false; tombol.disabled = false; });
  });

  ikatKartu();
  if (!jenis.value) { daftar.textContent = ""; }  // the checklist comes with the chosen type
  // Without a NIK there is nothing to show yet; after a refused save (no script) all is shown.
  if (fieldset.hasAttribute("data-tunggu-nik")) { tampilkanPemohon(false); } else { nikDimuat = nik.value; }
  perbarui();
  // `autofocus` alone is skipped by browsers in some cases (a tab opened in the background).
  if (document.activeElement === document.body || !document.activeElement) { nik.focus(); }
})();
