// Ticks the board's collect-now countdowns down from the seconds the server rendered (on the app's clock, not the
// device's, which may be wrong). Without script the board still shows the ready time and the time left at load.
// The live board swaps fresh cards in (live-board.js): each countdown counts from when its element first ticked.
(function () {
  const started = new WeakMap();
  function tick() {
    const now = Date.now();
    document.querySelectorAll('[data-seconds-left]').forEach(function (el) {
      if (!started.has(el)) started.set(el, now);
      const gone = Math.floor((now - started.get(el)) / 1000);
      const left = Math.max(0, parseInt(el.getAttribute('data-seconds-left'), 10) - gone);
      const text = Math.floor(left / 60) + ':' + String(left % 60).padStart(2, '0');
      if (el.textContent !== text) el.textContent = text;
      if (left === 0) el.closest('[data-collect-now]').classList.add('due');
    });
    setTimeout(tick, 1000);
  }
  tick();
})();
