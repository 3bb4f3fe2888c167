// The demo merchant page: mounts the checkout in the language of its own `?locale=`.
(function () {
  "use strict";
  var locale = new URLSearchParams(window.location.search).get("locale") || "en-CA";
  document.documentElement.lang = locale;
  if (/^fr/i.test(locale)) {
    document.querySelectorAll("[data-fr]").forEach(function (element) {
      element.textContent = element.getAttribute("data-fr");
    });
  }
  window.FlexitiCheckout.mount("#checkout", { locale: locale });
})();
