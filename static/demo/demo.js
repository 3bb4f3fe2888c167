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
  // As a merchant's page does: ask our own server for a checkout session, then mount it.
  fetch("/demo/checkout-session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ locale: locale })
  })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (session) {
      window.FlexitiCheckout.mount("#checkout", {
        clientToken: session.client_token,
        locale: locale,
        // A merchant's page follows the checkout through these events (see checkout.d.ts).
        onEvent: function (event) {
          var item = document.createElement("li");
          item.textContent = JSON.stringify(event);
          item.setAttribute("data-type", event.type);
          document.getElementById("events").appendChild(item);
        }
      });
    })
    .catch(function () {
      document.getElementById("checkout").textContent = /^fr/i.test(locale)
        ? "Le paiement est indisponible pour le moment. Veuillez réessayer."
        : "Checkout is unavailable right now. Please try again.";
    });
})();
