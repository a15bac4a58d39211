// Stripe's Payment Element. Loaded only when Stripe is configured; the order page shows the outcome
// once Stripe's webhook has confirmed the payment.
(function () {
  const form = document.getElementById('payment-form');
  if (!form || typeof Stripe === 'undefined') return;
  // Stripe's own texts and errors in the page's language (Stripe.js falls back to English for one it lacks).
  const stripe = Stripe(form.dataset.publishableKey, { locale: document.documentElement.lang || 'auto' });
  const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
  elements.create('payment').mount('#payment-element');
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    form.querySelectorAll('[data-pay-button]').forEach(function (b) { b.disabled = true; });
    const { error } = await stripe.confirmPayment({ elements, confirmParams: { return_url: form.dataset.returnUrl } });
    if (error) {
      document.getElementById('payment-message').textContent = error.message;
      form.querySelectorAll('[data-pay-button]').forEach(function (b) { b.disabled = false; });
    }
  });
})();
