// Shows the time left on an order's hold and says so when it runs out.
(function () {
  const el = document.querySelector('[data-hold-expires]');
  if (!el) return;
  const expires = new Date(el.getAttribute('data-hold-expires')).getTime();
  const out = el.querySelector('[data-left]');
  const expired = document.querySelector('[data-hold-expired]');
  function tick() {
    const left = Math.max(0, Math.floor((expires - Date.now()) / 1000));
    out.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
    if (left === 0) {
      el.hidden = true;
      if (expired) expired.hidden = false;
      document.querySelectorAll('[data-pay-button]').forEach(function (b) { b.disabled = true; });
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
