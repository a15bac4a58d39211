// The storefront's service worker (ADR 35). It keeps two things only: the app shell (styles, scripts, icons and
// the offline page) and the pickup passes the shopper opened, so a pass still opens at the counter without a
// connection. Everything else (staff, admin, API, payment, cart, checkout, account) goes to the network untouched.
const SHELL = "o2o-shell-v1";
const PASSES = "o2o-passes-v1";
const OFFLINE_PAGE = "/offline";
const SHELL_FILES = [OFFLINE_PAGE, "/css/site.css", "/js/pwa.js", "/js/language-switcher.js", "/icons/icon.svg", "/icons/icon-192.png", "/favicon.ico"];
// A shopper rarely has more than a few orders to collect; older passes are dropped first.
const MAX_PASSES = 10;
// An order's own page, the pickup pass: not its payment page, its calendar file or any other handler.
const PASS_PATH = /^\/orders\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATIC_PATH = /^\/(css|js|icons)\/|^\/favicon\.ico$/;

self.addEventListener("install", event => {
  event.waitUntil(caches.open(SHELL).then(cache => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", event => {
  event.waitUntil(caches.keys()
    .then(keys => Promise.all(keys.filter(k => k !== SHELL && k !== PASSES).map(k => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", event => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && isPass(url)) event.respondWith(pass(request));
  else if (request.mode === "navigate" && isStorefrontPage(url)) event.respondWith(page(request));
  else if (STATIC_PATH.test(url.pathname)) event.respondWith(shellFile(request));
});

function isPass(url) {
  return PASS_PATH.test(url.pathname) && !url.searchParams.has("handler");
}

// Pages of the shop a shopper may open while the connection drops; they get the offline page, never a saved copy.
function isStorefrontPage(url) {
  return !/^\/(staff|admin|api|account|cart|checkout|orders|culture|error)(\/|$)/i.test(url.pathname);
}

// Network first, so an open pass is always the live one; the copy is the worker's own (the page says no-store to
// browsers and proxies, which the Cache Storage of this origin is not).
async function pass(request) {
  try {
    const response = await fetch(request);
    // A server in trouble (503 while the database is away) is no reason to hide the pass the shopper already has.
    if (response.status >= 500) return (await caches.match(request, { cacheName: PASSES })) || response;
    if (response.ok && !response.redirected && (response.headers.get("Content-Type") || "").startsWith("text/html"))
      await keepPass(request, response.clone());
    return response;
  } catch {
    const saved = await caches.match(request, { cacheName: PASSES });
    return saved || offlinePage();
  }
}

async function keepPass(request, response) {
  const cache = await caches.open(PASSES);
  await cache.delete(request);
  await cache.put(request, new Response(await response.blob(), { status: 200, headers: { "Content-Type": response.headers.get("Content-Type") } }));
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PASSES))) await cache.delete(old);
}

async function page(request) {
  try {
    return await fetch(request);
  } catch {
    return offlinePage();
  }
}

async function offlinePage() {
  return (await caches.match(OFFLINE_PAGE, { cacheName: SHELL })) || Response.error();
}

// Network first as well, so a new release's files are used at once; versioned URLs (?v=…) find the file kept under
// its plain name when the exact one was never fetched.
async function shellFile(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL);
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    return (await caches.match(request, { cacheName: SHELL })) ||
      (await caches.match(request, { cacheName: SHELL, ignoreSearch: true })) || Response.error();
  }
}
