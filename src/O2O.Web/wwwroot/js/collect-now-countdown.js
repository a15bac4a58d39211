// Ticks the board's collect-now countdowns down from the seconds the server rendered (on the app's clock, not the
// device's, which may be wrong). Without script the board still shows the ready time and the time left at load.
(function () {
  const clocks = Array.from(document.querySelectorAll('[data-seconds-left]'));
  if (clocks.length === 0) return;
  const started = Date.now();
  function tick() {
    const gone = Math.floor((Date.now() - started) / 1000);
    clocks.forEach(function (el) {
      const left = Math.max(0, parseInt(el.getAttribute('data-seconds-left'), 10) - gone);
      el.textContent = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
      if (left === 0) el.closest('[data-collect-now]').classList.add('due');
    });
    setTimeout(tick, 1000);
  }
  tick();
})();
