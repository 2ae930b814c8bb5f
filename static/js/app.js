// Our additions to Flask-Admin's widgets. Everything they say comes from the page's
// #widget-words (the user's language); nothing is fetched from outside the office LAN.
(function () {
  "use strict";

  // Ask before irreversible transitions (forms carrying data-confirm).
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  var node = document.getElementById("widget-words");
  var words = node ? JSON.parse(node.textContent) : null;
  var $ = window.jQuery;
  if (!words || !$) { return; }
  function count(template, n) { return template.replace("{n}", n); }

  // Select2 3.5 (the pickers and selects): its messages are global defaults.
  if ($.fn.select2) {
    $.extend($.fn.select2.defaults, {
      formatNoMatches: function () { return words.noMatches; },
      formatSearching: function () { return words.searching; },
      formatLoadMore: function () { return words.loadMore; },
      formatAjaxError: function () { return words.ajaxError; },
      formatInputTooShort: function (input, min) { return count(words.inputTooShort, min - input.length); },
      formatInputTooLong: function (input, max) { return count(words.inputTooLong, input.length - max); },
      formatSelectionTooBig: function (limit) { return count(words.selectionTooBig, limit); }
    });
  }

  // Moment (the date pickers' calendar): month and day names, Monday first.
  if (window.moment) {
    window.moment.locale("kantor", {
      months: words.months, monthsShort: words.months,
      weekdaysMin: words.days, weekdaysShort: words.days,
      week: { dow: 1, doy: 4 }
    });
  }

  var pickerLocale = {
    applyLabel: words.apply, cancelLabel: words.cancel, fromLabel: words.from,
    toLabel: words.to, weekLabel: words.week, customRangeLabel: words.custom,
    daysOfWeek: words.days, monthNames: words.months, firstDay: 1
  };

  // Date pickers: typed and shown dd/mm/yyyy; a range reads "01/11/2026 s.d. 30/11/2026"
  // (admin_views/filters.py reads the same). Registered as a converter of Flask-Admin's
  // form.js, which asks converters before its own English defaults.
  function datePicker($el, name) {
    if (name !== "datepicker" && name !== "daterangepicker") { return false; }
    var single = name === "datepicker";
    var format = single ? ($el.attr("data-date-format") || "DD/MM/YYYY") : "DD/MM/YYYY";
    if (format === "YYYY-MM-DD") { format = "DD/MM/YYYY"; }
    $el.attr("data-date-format", format).attr("autocomplete", "off");
    $el.daterangepicker({
      singleDatePicker: single, showDropdowns: true, timePicker: false,
      format: format, separator: words.rangeSeparator, locale: pickerLocale
    }, function () { $(".filter-val").trigger("change"); });
    return true;
  }

  // A file input says its state in the page's language (the browser's own button and
  // "no file chosen" follow the browser's language, not the page's).
  function fileInputs(root) {
    $(root).find("input[type=file]").not(".custom-file-input").each(function () {
      var $input = $(this);
      var id = $input.attr("id") || ("berkas-" + Math.random().toString(36).slice(2));
      $input.attr("id", id).addClass("custom-file-input").removeClass("form-control-file");
      var $label = $("<label class='custom-file-label'></label>").attr("for", id)
        .attr("data-browse", words.chooseFile).text(words.noFile);
      $input.wrap("<div class='custom-file'></div>").after($label);
      $input.on("change", function () {
        var names = $.map(this.files || [], function (f) { return f.name; });
        $label.text(names.length ? names.join(", ") : words.noFile);
      });
    });
  }

  $(function () {
    if (window.faForm) { window.faForm.addFieldConverter(datePicker); }
    // The dashboard's period: a month chosen clears a typed range (which would win).
    $("#periode").on("change", function () { $("#rentang").val(""); });
    fileInputs(document);
  });
})();
