/*
 * Card payment on the order page (payment/stripe_card.html).
 *
 * Stripe.js confirms the PaymentIntent in the browser (Payment Element, or
 * confirmCardPayment for 3-D Secure). Test cards are confirmed by the server
 * (the confirm URL), which answers with what the browser must do next. The order
 * itself is only marked paid by Stripe's signed webhook, so afterwards this script
 * polls the status URL and reloads the page once the payment has moved.
 */
(function () {
  "use strict";

  var root = document.getElementById("card-payment");
  if (!root) {
    return;
  }
  var data = root.dataset;
  var messageBox = document.getElementById("card-message");
  var stripe = window.Stripe && data.publishableKey ? window.Stripe(data.publishableKey) : null;
  var polling = false;

  function say(text, isError) {
    messageBox.textContent = text || "";
    messageBox.classList.toggle("text-danger", Boolean(isError));
  }

  function csrfToken() {
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function poll() {
    if (polling) {
      return;
    }
    polling = true;
    say(data.msgWaiting);
    var started = Date.now();
    (function tick() {
      fetch(data.statusUrl, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (response) { return response.json(); })
        .then(function (payment) {
          var moved = payment.paid || payment.status === "cancelled" ||
            (payment.status === "failed" && data.paymentStatus !== "failed");
          if (moved) {
            window.location.reload();
          } else if (Date.now() - started > 180000) {
            polling = false;
            say(data.msgReload);
          } else {
            window.setTimeout(tick, 1500);
          }
        })
        .catch(function () { window.setTimeout(tick, 3000); });
    })();
  }

  function authenticate(clientSecret) {
    if (!stripe) {
      say(data.msgReload, true);
      return Promise.resolve();
    }
    return stripe.confirmCardPayment(clientSecret).then(function (result) {
      if (result.error) {
        say(result.error.message || data.msgFailed, true);
        return;
      }
      poll();
    });
  }

  function followConfirmation(answer) {
    if (answer.paid) {
      window.location.reload();
    } else if (answer.error) {
      say(answer.error, true);
    } else if (answer.intent_status === "requires_action" && answer.client_secret) {
      authenticate(answer.client_secret);
    } else {
      poll();
    }
  }

  // Test cards: the server attaches the card and confirms; the browser follows.
  Array.prototype.forEach.call(root.querySelectorAll(".test-card-form"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      say("");
      var button = form.querySelector("button");
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(followConfirmation)
        .catch(function () { say(data.msgFailed, true); })
        .finally(function () { button.disabled = false; });
    });
  });

  var authButton = document.getElementById("card-authenticate");
  if (authButton && data.clientSecret) {
    authButton.addEventListener("click", function () {
      authButton.disabled = true;
      authenticate(data.clientSecret).finally(function () { authButton.disabled = false; });
    });
  }

  // Stripe's Payment Element (real Stripe.js only: localstripe's fake has none).
  var cardForm = document.getElementById("card-form");
  if (cardForm && stripe && data.clientSecret && typeof stripe.confirmPayment === "function") {
    var elements = stripe.elements({ clientSecret: data.clientSecret, locale: "id" });
    elements.create("payment").mount("#payment-element");
    var submit = document.getElementById("card-submit");
    submit.hidden = false;
    cardForm.addEventListener("submit", function (event) {
      event.preventDefault();
      submit.disabled = true;
      say("");
      stripe
        .confirmPayment({ elements: elements, redirect: "if_required", confirmParams: { return_url: data.returnUrl } })
        .then(function (result) {
          if (result.error) {
            say(result.error.message || data.msgFailed, true);
          } else {
            poll();
          }
        })
        .finally(function () { submit.disabled = false; });
    });
  }

  if (data.intentStatus === "succeeded" || data.intentStatus === "processing") {
    poll();
  }
})();
