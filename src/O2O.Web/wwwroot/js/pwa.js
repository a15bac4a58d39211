// Registers the service worker that keeps the pickup passes a shopper opened readable offline (ADR 35), and tells
// the shopper when the page in front of them is that saved copy.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Without the worker the site works as before, only not offline.
  });
}

const notice = document.querySelector("[data-offline-copy]");
if (notice) {
  const show = () => { notice.hidden = navigator.onLine; };
  window.addEventListener("online", show);
  window.addEventListener("offline", show);
  show();
}
