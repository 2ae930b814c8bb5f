/* The calling display (templates/antrian/layar.html): asks the server for the queue every
   few seconds and, for each new call or recall, plays the shipped Indonesian clips one
   after the other ("nomor antrean, A, dua belas, silakan ke loket, satu"). No inline
   script (the CSP forbids it), no internet. */
(function () {
  "use strict";
  var body = document.getElementById("layar");
  var sumber = body.dataset.sumber;
  var suara = body.dataset.suara;  // ".../KLIP.ogg": each clip's name goes in its place
  var interval = parseInt(body.dataset.interval, 10) || 3000;
  var teksLoket = document.getElementById("teks-loket").innerHTML.trim();
  var terakhir = null;  // "id:kali" of the call shown last
  var antreanSuara = [];
  var sedangBicara = false;

  function loket(n) { return teksLoket.replace("0", String(n)); }

  function baris(sel1, sel2) {
    var tr = document.createElement("tr");
    [sel1, sel2].forEach(function (isi, i) {
      var td = document.createElement("td");
      td.textContent = isi;
      if (i === 0) { td.className = "nomor"; }
      tr.appendChild(td);
    });
    return tr;
  }

  function isiTabel(id, rows) {
    var tbody = document.querySelector("#" + id + " tbody");
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    rows.forEach(function (r) { tbody.appendChild(r); });
  }

  function putar() {
    if (sedangBicara || !antreanSuara.length) { return; }
    sedangBicara = true;
    var klip = antreanSuara.shift();
    var audio = new Audio(suara.replace("KLIP", klip));
    var lanjut = function () { sedangBicara = false; putar(); };
    audio.addEventListener("ended", lanjut);
    audio.addEventListener("error", lanjut);
    var janji = audio.play();
    if (janji && janji.catch) {
      janji.catch(function () {
        // The browser wants one click first (autoplay policy): the button asks for it.
        document.getElementById("aktifkan-suara").classList.add("btn-warning");
        lanjut();
      });
    }
  }

  function ucapkan(klip) {
    body.dataset.ucapan = klip.join(" ");
    body.dataset.jumlahUcapan = String((parseInt(body.dataset.jumlahUcapan, 10) || 0) + 1);
    antreanSuara = antreanSuara.concat(klip);
    putar();
  }

  function tampilkan(data) {
    var kini = data.panggilan[0];
    document.getElementById("kini-nomor").textContent = kini ? kini.nomor : "—";
    document.getElementById("kini-loket").textContent = kini ? loket(kini.loket) : "—";
    isiTabel("riwayat", data.panggilan.slice(1).map(function (p) {
      return baris(p.nomor, loket(p.loket));
    }));
    isiTabel("menunggu", data.menunggu.map(function (m) {
      var tr = baris(m.huruf + " · " + m.keperluan, String(m.jumlah));
      tr.lastChild.className = "text-right";
      return tr;
    }));
    var kunci = kini ? kini.id + ":" + kini.kali : "";
    if (terakhir !== null && kunci !== terakhir && kini) {
      var kotak = document.getElementById("kini");
      kotak.classList.remove("baru");
      void kotak.offsetWidth;  // restart the highlight
      kotak.classList.add("baru");
      ucapkan(kini.ucapan);
    }
    terakhir = kunci;
    body.dataset.diperbarui = String(Date.now());
  }

  function tanya() {
    fetch(sumber, {cache: "no-store", credentials: "same-origin"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(tampilkan)
      .catch(function () { body.classList.add("terputus"); })
      .then(function () { setTimeout(tanya, interval); });
  }

  document.getElementById("aktifkan-suara").addEventListener("click", function (e) {
    e.currentTarget.classList.remove("btn-warning");
    e.currentTarget.classList.add("d-none");
    // One silent-length clip unlocks audio for the rest of the day.
    ucapkan(["nomor_antrean"]);
  });
  tanya();
})();
