/**
 * The kiosk's service worker: keeps the app shell (page, scripts, styles) on the device, so after
 * a power cut with no network the lane still starts and runs its offline fallback; the lane config
 * (tariff, staff PIN hash) is kept by the app itself (client/config-cache.ts). Fresh copies are
 * fetched whenever the network answers (network first, 3 s), so an update lands on the next start.
 * Proxy traffic is never answered from the cache: the lane must see that the proxy is unreachable.
 */
const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = 'lane-kiosk-shell-v1';
const NETWORK_WAIT_MS = 3000;

/** What may be served from the device: the shell's own files. */
function cacheable(url: URL): boolean {
  if (url.origin !== sw.location.origin) return false;
  return !/^\/(v1|sims|callbacks|metrics|healthz)(\/|$)/.test(url.pathname);
}

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(['./', './index.html']))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || !cacheable(new URL(request.url))) return;
  event.respondWith(networkFirst(request, event));
});

async function networkFirst(request: Request, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  const fetched = fetch(request).then((response) => {
    if (response.ok) event.waitUntil(cache.put(request, response.clone()));
    return response;
  });
  // The page URL's query (kiosk=1, or lane and key on first setup) does not change the shell.
  const fallback = () => cache.match(request, { ignoreSearch: true }).then((hit) => hit ?? (request.mode === 'navigate' ? cache.match('./index.html') : undefined));
  try {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('network too slow')), NETWORK_WAIT_MS));
    return await Promise.race([fetched, timeout]);
  } catch {
    const hit = await fallback();
    if (hit) return hit;
    return fetched;
  }
}
