/*! Flexiti checkout loader v1: mounts the checkout widget in an iframe served by the proxy. */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script.src).origin;
  var READY_WITHIN_MS = 15000;
  var FALLBACK = {
    en: "The checkout could not load. Check your connection, then reload the page.",
    fr: "Le paiement n'a pas pu se charger. Vérifiez votre connexion, puis rechargez la page."
  };

  /** 128 random bits, hex: proves a message comes from the frame this mount created. */
  function nonce() {
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /** Native apps: iOS WKWebView message handler, Android injected interface. */
  function toNative(event) {
    var ios = window.webkit && window.webkit.messageHandlers && window.webkit.messageHandlers.flexitiCheckout;
    if (ios) ios.postMessage(event);
    if (window.FlexitiCheckoutAndroid) window.FlexitiCheckoutAndroid.postMessage(JSON.stringify(event));
  }

  /**
   * Mounts the widget in `element` (an element or a CSS selector) for the checkout session whose
   * `clientToken` the merchant's server received. Returns { frame, unmount }.
   */
  function mount(element, options) {
    options = options || {};
    var container = typeof element === "string" ? document.querySelector(element) : element;
    if (!container) throw new Error("FlexitiCheckout.mount: no element matches " + element);
    var token = String(options.clientToken || "");
    if (token.indexOf(".") < 1) throw new Error("FlexitiCheckout.mount: clientToken is required");
    var french = /^fr/i.test(options.locale || "");
    var key = nonce();
    var url = new URL("/widget/", origin);
    url.searchParams.set("locale", french ? "fr-CA" : "en-CA");
    url.searchParams.set("session", "cs_" + token.split(".")[0]);
    // In the fragment, which is never sent to a server: the token stays out of request lines and
    // logs.
    url.hash = "token=" + encodeURIComponent(token) + "&nonce=" + key +
      "&parent=" + encodeURIComponent(window.location.origin);
    var frame = document.createElement("iframe");
    frame.title = french ? "Paiement Flexiti" : "Flexiti checkout";
    frame.allow = "payment";
    frame.className = "flexiti-checkout-frame";
    frame.style.cssText = "border:0;width:100%;height:32rem;display:block";

    function emit(event) {
      toNative(event);
      if (options.onEvent) options.onEvent(event);
    }
    var ready = false;
    var timer = setTimeout(function () {
      if (ready) return;
      frame.style.display = "none";
      var note = document.createElement("p");
      note.setAttribute("role", "alert");
      note.textContent = french ? FALLBACK.fr : FALLBACK.en;
      container.appendChild(note);
      emit({ type: "load_error" });
    }, READY_WITHIN_MS);
    function listen(message) {
      var data = message.data;
      if (message.origin !== origin || message.source !== frame.contentWindow) return;
      if (!data || data.source !== "flexiti-checkout" || data.version !== 1 || data.nonce !== key) return;
      var event = data.event || {};
      if (event.type === "ready") {
        ready = true;
        clearTimeout(timer);
      }
      if (event.type === "resize" && event.height > 0) frame.style.height = Math.ceil(event.height) + "px";
      emit(event);
    }
    window.addEventListener("message", listen);
    frame.src = url.href;
    container.appendChild(frame);
    return {
      frame: frame,
      unmount: function () {
        window.removeEventListener("message", listen);
        clearTimeout(timer);
        frame.remove();
      }
    };
  }

  window.FlexitiCheckout = { mount: mount, version: 1 };
  var data = script.dataset;
  if (data.container) mount(data.container, { clientToken: data.clientToken, locale: data.locale });
})();
