// Reads the pickup pass's QR code with the device's camera on the hand-over page (ADR 44). The code
// read goes into the same field a clerk types in or a wedge scanner fills, and the form is sent as it is then, so the
// server sees one path. The browser's BarcodeDetector reads it where there is one; elsewhere the bundled ZXing
// decoder (wwwroot/lib/zxing-library), loaded only when the camera is first opened, reads frames drawn to a canvas.
(function () {
  const root = document.querySelector('[data-scan]');
  if (!root) return;
  // Without a camera API the page stays as it is without script: type, or scan with a wedge scanner.
  if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== 'function') return;

  const form = root.closest('form');
  const field = form.querySelector('#query');
  const openButton = root.querySelector('[data-scan-open]');
  const closeButton = root.querySelector('[data-scan-close]');
  const panel = root.querySelector('[data-scan-panel]');
  const video = root.querySelector('video');
  const message = root.querySelector('[data-scan-message]');
  // A QR code on the pass holds the pickup code only; anything longer is some other code held up by mistake.
  const MaxLength = 20;
  // Frames are decoded a few times a second: enough to feel instant, little enough for a small tablet.
  const FrameInterval = 150;

  let stream = null;
  let timer = 0;
  let session = 0;

  openButton.hidden = false;
  openButton.addEventListener('click', open);
  closeButton.addEventListener('click', function () { close(); openButton.focus(); });
  window.addEventListener('pagehide', close);

  async function open() {
    const current = ++session;
    say('');
    let reader;
    try {
      reader = await makeReader();
      // The rear camera is the one pointed at a shopper's phone; a laptop's only camera is taken when there is none.
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    } catch (error) {
      if (current === session) fail(error);
      return;
    }
    if (current !== session) { stopTracks(stream); return; }
    video.srcObject = stream;
    panel.hidden = false;
    openButton.hidden = true;
    closeButton.focus();
    try { await video.play(); } catch (_) { /* autoplay of a muted inline video is allowed; a refusal shows a still frame */ }
    scan(reader, current);
  }

  function scan(reader, current) {
    timer = setTimeout(async function () {
      if (current !== session) return;
      let text = null;
      try {
        if (video.readyState >= 2) text = await reader(video);
      } catch (_) { /* a frame that could not be read: try the next one */ }
      if (current !== session) return;
      text = text === null ? '' : text.trim();
      if (text !== '' && text.length <= MaxLength) found(text);
      else scan(reader, current);
    }, FrameInterval);
  }

  function found(text) {
    close();
    field.value = text;
    if (typeof form.requestSubmit === 'function') form.requestSubmit(); else form.submit();
  }

  function close() {
    session++;
    clearTimeout(timer);
    stopTracks(stream);
    stream = null;
    video.srcObject = null;
    panel.hidden = true;
    openButton.hidden = false;
  }

  function stopTracks(s) {
    if (s) s.getTracks().forEach(function (track) { track.stop(); });
  }

  function fail(error) {
    close();
    const name = error && error.name;
    if (name === 'NotAllowedError' || name === 'SecurityError') say(root.dataset.msgDenied);
    else if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') say(root.dataset.msgNoCamera);
    else say(root.dataset.msgFailed);
    field.focus();
  }

  function say(text) {
    message.textContent = text;
    message.hidden = text === '';
  }

  // A function from the video to the text of a QR code in its current frame, or null.
  async function makeReader() {
    if ('BarcodeDetector' in window) {
      let formats = [];
      try { formats = await window.BarcodeDetector.getSupportedFormats(); } catch (_) { formats = []; }
      if (formats.indexOf('qr_code') >= 0) {
        const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        return async function (source) {
          const codes = await detector.detect(source);
          return codes.length > 0 ? codes[0].rawValue : null;
        };
      }
    }
    const ZXing = await loadDecoder();
    const qr = new ZXing.QRCodeReader();
    const hints = new Map([[ZXing.DecodeHintType.TRY_HARDER, true]]);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return async function (source) {
      // A frame scaled to at most 640 px wide reads as well as a full one and costs a fraction of the time.
      const scale = Math.min(1, 640 / source.videoWidth);
      const width = Math.max(1, Math.round(source.videoWidth * scale));
      const height = Math.max(1, Math.round(source.videoHeight * scale));
      canvas.width = width;
      canvas.height = height;
      context.drawImage(source, 0, 0, width, height);
      const rgba = context.getImageData(0, 0, width, height).data;
      const luminances = new Uint8ClampedArray(width * height);
      for (let i = 0, p = 0; i < luminances.length; i++, p += 4)
        luminances[i] = (rgba[p] * 77 + rgba[p + 1] * 150 + rgba[p + 2] * 29) >> 8;
      const bitmap = new ZXing.BinaryBitmap(new ZXing.HybridBinarizer(new ZXing.RGBLuminanceSource(luminances, width, height)));
      try {
        return qr.decode(bitmap, hints).getText();
      } catch (error) {
        if (error instanceof ZXing.NotFoundException || error instanceof ZXing.ChecksumException || error instanceof ZXing.FormatException) return null;
        throw error;
      } finally {
        qr.reset();
      }
    };
  }

  function loadDecoder() {
    if (window.ZXing) return Promise.resolve(window.ZXing);
    return new Promise(function (resolve, reject) {
      const script = document.createElement('script');
      script.src = root.dataset.decoder;
      script.onload = function () { window.ZXing ? resolve(window.ZXing) : reject(new Error('decoder')); };
      script.onerror = function () { reject(new Error('decoder')); };
      document.head.appendChild(script);
    });
  }
})();
