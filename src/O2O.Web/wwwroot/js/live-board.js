// The pickup board follows its store as things happen (ADR 42). Server-sent events say that an order changed;
// the board's columns are fetched again and swapped in, never the whole page. A card that newly carries a cue
// (data-cue: a shopper who said "I'm here") is highlighted until a clerk touches it, announced to screen readers and
// beeped, unless the desk muted the sound. Without script the board is what the page rendered.
(function () {
  'use strict';
  const root = document.querySelector('[data-live-board]');
  if (!root || !window.EventSource || !window.fetch) return;
  const bar = document.querySelector('[data-live-bar]');
  const status = document.querySelector('[data-live-status]');
  const muteButton = document.querySelector('[data-mute]');
  const announcer = document.querySelector('[data-cue-announcer]');
  const MUTED = 'o2o.board.muted';

  const board = () => root.querySelector('[data-board-root]');
  // The cues on the board as first rendered are not news: only those that appear afterwards are.
  const seen = new Set(cueKeys(board()));
  const flagged = new Set();
  let renderedText = board().textContent;
  let renderedAt = Date.now();

  function cueKeys(el) {
    return Array.from(el.querySelectorAll('[data-cue]')).map(card => card.dataset.orderId + ' ' + card.dataset.cue);
  }

  // data-cue-text-collect-now is dataset.cueTextCollectNow.
  function datasetKey(prefix, name) {
    return prefix + name.split('-').map(p => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  }

  // "Waiting N min" counts on from the app's clock at rendering, so it agrees with the server whatever the device's clock says.
  function tick() {
    const now = Number(board().dataset.now) + (Date.now() - renderedAt);
    root.querySelectorAll('[data-arrived-at]').forEach(p => {
      const minutes = Math.max(0, Math.floor((now - Number(p.dataset.arrivedAt)) / 60000));
      const text = p.dataset.waitText.replace('{m}', String(minutes));
      if (p.textContent !== text) p.textContent = text;
    });
  }

  function muted() {
    try { return localStorage.getItem(MUTED) === '1'; } catch { return false; }
  }

  function showMute() {
    muteButton.setAttribute('aria-pressed', muted() ? 'true' : 'false');
  }

  let audio = null;
  function audioContext() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) audio = new Context();
    return audio;
  }

  // Two short rising tones, made on the spot: no sound file to ship or to fail to load.
  function beep() {
    if (muted()) return;
    const context = audioContext();
    if (!context) return;
    const start = context.currentTime;
    [[0, 880], [0.18, 1175]].forEach(([offset, frequency]) => {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.3, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
      tone.connect(gain).connect(context.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.16);
    });
  }

  function cue(keys) {
    const lines = [];
    keys.forEach(key => {
      const [id, kind] = key.split(' ');
      const card = root.querySelector('[data-order-id="' + id + '"]');
      if (!card) return;
      flagged.add(id);
      card.classList.add('cue');
      const text = root.dataset[datasetKey('cueText', kind)];
      if (text) lines.push(text.replace('{0}', card.dataset.order).replace('{1}', card.dataset.customer));
    });
    if (lines.length === 0) return;
    announcer.textContent = lines.join(' ');
    beep();
  }

  function focusedPlace() {
    const active = document.activeElement;
    const card = active && root.contains(active) ? active.closest('[data-order-id]') : null;
    return card ? { id: card.dataset.orderId, tag: active.tagName, text: active.textContent } : null;
  }

  function restoreFocus(place) {
    const card = place && root.querySelector('[data-order-id="' + place.id + '"]');
    if (!card) return;
    const same = Array.from(card.querySelectorAll(place.tag)).find(el => el.textContent === place.text);
    const target = same || card.querySelector('a, button');
    if (target) target.focus();
  }

  function swap(html) {
    const fresh = new DOMParser().parseFromString(html, 'text/html').querySelector('[data-board-root]');
    if (!fresh) return;
    const keys = cueKeys(fresh);
    const news = keys.filter(key => !seen.has(key));
    // The same words as shown means nothing moved: leave the page (and what the clerk is doing in it) alone.
    if (fresh.textContent !== renderedText) {
      const place = focusedPlace();
      board().replaceWith(document.adoptNode(fresh));
      renderedText = fresh.textContent;
      renderedAt = Date.now();
      restoreFocus(place);
      flagged.forEach(id => {
        const card = root.querySelector('[data-order-id="' + id + '"]');
        if (card && card.dataset.cue) card.classList.add('cue');
        else flagged.delete(id);
      });
    }
    keys.forEach(key => seen.add(key));
    cue(news);
    tick();
  }

  let fetching = false;
  let again = false;
  let pending = 0;
  // A burst of changes (a job releasing many orders) is one refetch, and one at a time.
  function schedule() {
    clearTimeout(pending);
    pending = setTimeout(refresh, 150);
  }

  async function refresh() {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      const url = new URL(location.href);
      url.hash = '';
      url.searchParams.set('handler', 'Fragment');
      const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'text/html' } });
      // A sign-in page after the session ended is not a board: keep what is shown until the clerk reloads.
      if (response.ok && !response.redirected) swap(await response.text());
    } catch {
      // Offline for a moment: the next event, or the stream's reconnection, fetches again.
    } finally {
      fetching = false;
      if (again) { again = false; schedule(); }
    }
  }

  function say(state) {
    bar.dataset.state = state;
    const text = status.dataset[datasetKey('text', state)];
    if (status.textContent !== text) status.textContent = text;
  }

  let source = null;
  function connect() {
    source = new EventSource(root.dataset.events);
    // Live comes first and after every reconnection of this instance to the database: catch up on what was missed.
    source.addEventListener('live', () => { say('live'); schedule(); });
    source.addEventListener('offline', () => say('offline'));
    source.addEventListener('order', schedule);
    source.onerror = () => {
      say('offline');
      // The browser retries a dropped stream by itself, but gives up on an error answer (signed out, say): try again later.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 15000);
    };
  }

  root.addEventListener('click', event => {
    const card = event.target.closest('[data-order-id]');
    if (card && flagged.delete(card.dataset.orderId)) card.classList.remove('cue');
  });
  muteButton.addEventListener('click', () => {
    try { localStorage.setItem(MUTED, muted() ? '0' : '1'); } catch { /* private mode: the toggle lasts for the page */ }
    showMute();
  });
  window.addEventListener('storage', event => { if (event.key === MUTED) showMute(); });
  // Browsers let a page make a sound only once someone has used it: the first tap or key unlocks the beep.
  ['pointerdown', 'keydown'].forEach(type => document.addEventListener(type, () => {
    const context = audioContext();
    if (context && context.state === 'suspended') context.resume();
  }, { passive: true }));
  // Closing the stream before the page goes spares the server a write into a closed connection.
  window.addEventListener('pagehide', () => { if (source) source.close(); });

  showMute();
  bar.hidden = false;
  setInterval(tick, 15000);
  connect();
})();
