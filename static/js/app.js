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

  // The browser's own bubble ("Please fill out this field.") speaks the browser's
  // language: ours instead, set when the field is found wanting and cleared as it changes.
  function validityWords(el) {
    var v = el.validity;
    if (v.valueMissing) {
      return el.type === "file" ? words.requiredFile
        : (el.tagName === "SELECT" || el.type === "checkbox" || el.type === "radio") ? words.requiredChoice
        : words.required;
    }
    return words.invalid;
  }
  document.addEventListener("invalid", function (event) {
    var el = event.target;
    if (!el.setCustomValidity || el.validity.customError) { return; }
    el.setCustomValidity(validityWords(el));
  }, true);
  function clearValidity(event) {
    var el = event.target;
    if (el.setCustomValidity && el.validity && el.validity.customError) { el.setCustomValidity(""); }
  }
  document.addEventListener("input", clearValidity, true);
  document.addEventListener("change", clearValidity, true);

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
    tamePicker($el.data("daterangepicker"), format, single);
    return true;
  }

  // The picker (bootstrap-daterangepicker 1.3) reads the box at every key and writes back
  // what it understood: "Invalid date" for a half-typed date, a typed 2026-12-31 read as
  // day 20. It follows the box only once it holds whole dates (ISO ones written out as
  // the office writes dates); Escape closes it; a single picker opens upwards when the
  // room below is short, so it does not cover the form's buttons; a range shows two
  // different months.
  function tamePicker(picker, format, single) {
    if (!picker) { return; }
    var follow = picker.updateFromControl, draw = picker.updateCalendars;
    picker.updateFromControl = function () {
      var text = this.element.val().trim();
      var parts = single ? [text] : text.split(this.separator);
      var dates = parts.map(function (part) {
        return window.moment(part.trim(), [format, "YYYY-MM-DD", "DD-MM-YYYY", "DDMMYYYY"], true);
      });
      if (!text || dates.length !== (single ? 1 : 2) ||
          !dates.every(function (m) { return m.isValid(); })) { return; }
      var written = dates.map(function (m) { return m.format(format); }).join(this.separator);
      if (written !== text) { this.element.val(written); }
      follow.apply(this, arguments);
    };
    // Its own key listener was bound to the old method when the picker was made.
    picker.element.off("keyup.daterangepicker")
      .on("keyup.daterangepicker", picker.updateFromControl.bind(picker));
    picker.updateCalendars = function () {
      if (!single && this.rightCalendar.month.isSame(this.leftCalendar.month, "month")) {
        this.rightCalendar.month.add(1, "month");
      }
      return draw.apply(this, arguments);
    };
    if (!single) { picker.updateCalendars(); }  // drawn once already, as it was made
    picker.element.on("keydown", function (e) {
      if (e.key === "Escape" && picker.isShowing) { e.preventDefault(); picker.hide(); }
    });
    if (single) {
      picker.element.on("show.daterangepicker", function () {
        var box = this.getBoundingClientRect(), tall = picker.container.outerHeight() + 8;
        var drops = window.innerHeight - box.bottom < tall + 60 && box.top > tall ? "up" : "down";
        if (drops !== picker.drops) { picker.drops = drops; picker.move(); }
      });
    }
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

  // Bulk actions name themselves (templates/admin/actions.html): no inline handler runs
  // under our Content-Security-Policy.
  // One answered with a document opens it in a new tab: the list stays, and reloading it
  // sends nothing again.
  $(document).on("click", "[data-aksi-massal]", function (event) {
    event.preventDefault();
    if (!window.modelActions) { return; }
    var form = document.getElementById("action_form");
    if (form && this.hasAttribute("data-tab-baru")) { form.target = "_blank"; }
    window.modelActions.execute(this.getAttribute("data-aksi-massal"));
    if (form) { form.removeAttribute("target"); }
  });

  // A list's active filters are drawn by Flask-Admin's filters.js as it loads, before our
  // converter is registered (form.js loads after this script): drawn again as ours.
  function redrawActiveFilters() {
    $("input.filter-val").each(function () {
      var $el = $(this), old = $el.data("daterangepicker");
      if (!old) { return; }
      var name = old.singleDatePicker ? "datepicker" : "daterangepicker";
      old.remove();
      $el.attr("data-date-format", "DD/MM/YYYY");
      datePicker($el, name);
    });
  }

  $(function () {
    if (window.faForm) { window.faForm.addFieldConverter(datePicker); }
    // The dashboard's period: a month chosen clears a typed range (which would win).
    $("#periode").on("change", function () { $("#rentang").val(""); });
    redrawActiveFilters();
    fileInputs(document);
  });
})();
