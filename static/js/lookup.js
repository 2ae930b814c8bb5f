// The applicant picker is typed into with NIKs: its lookups go by POST, so no NIK is in a
// URL (access logs, proxies). Flask-Admin's Select2 asks by GET; this turns those asks
// into POSTs that carry the page's CSRF token.
(function ($) {
  "use strict";
  if (!$) { return; }
  $.ajaxPrefilter(function (options) {
    var token = document.querySelector('input[name="csrf_token"]');
    if (token && (options.type || "GET").toUpperCase() === "GET"
        && /\/ajax\/lookup\/(\?|$)/.test(options.url)) {
      options.type = "POST";
      options.headers = $.extend({}, options.headers, {"X-CSRFToken": token.value});
    }
  });
})(window.jQuery);
