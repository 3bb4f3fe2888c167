/*! Flexiti checkout loader v1: mounts the checkout widget in an iframe served by the proxy. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script.src).origin;

  /** Mounts the widget in `element` (an element or a CSS selector). Returns { frame, unmount }. */
  function mount(element, options) {
    options = options || {};
    var container = typeof element === "string" ? document.querySelector(element) : element;
    if (!container) throw new Error("FlexitiCheckout.mount: no element matches " + element);
    var locale = /^fr/i.test(options.locale || "") ? "fr-CA" : "en-CA";
    var url = new URL("/widget/", origin);
    url.searchParams.set("locale", locale);
    var frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = locale === "fr-CA" ? "Paiement Flexiti" : "Flexiti checkout";
    frame.allow = "payment";
    frame.className = "flexiti-checkout-frame";
    frame.style.cssText = "border:0;width:100%;min-height:44rem;display:block";
    container.appendChild(frame);
    return { frame: frame, unmount: function () { frame.remove(); } };
  }

  window.FlexitiCheckout = { mount: mount, version: 1 };
  if (script.dataset.container) {
    mount(script.dataset.container, { locale: script.dataset.locale });
  }
})();
