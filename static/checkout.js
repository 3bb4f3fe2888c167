/*! Flexiti checkout loader v1: mounts the checkout widget in an iframe served by the proxy. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script.src).origin;

  /**
   * Mounts the widget in `element` (an element or a CSS selector) for the checkout session whose
   * `clientToken` the merchant's server received. Returns { frame, unmount }.
   */
  function mount(element, options) {
    options = options || {};
    var container = typeof element === "string" ? document.querySelector(element) : element;
    if (!container) throw new Error("FlexitiCheckout.mount: no element matches " + element);
    if (!options.clientToken) throw new Error("FlexitiCheckout.mount: clientToken is required");
    var locale = /^fr/i.test(options.locale || "") ? "fr-CA" : "en-CA";
    var url = new URL("/widget/", origin);
    url.searchParams.set("locale", locale);
    // In the fragment: never sent to a server, so it stays out of request lines and logs.
    url.hash = "token=" + encodeURIComponent(options.clientToken);
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
    mount(script.dataset.container, {
      clientToken: script.dataset.clientToken,
      locale: script.dataset.locale
    });
  }
})();
