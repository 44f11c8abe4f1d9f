// The page's service worker: once the page has been loaded, it works offline (a classroom with
// a poor network). Only the site's own GET requests are handled:
// - the page (index.html) and the unhashed files (codemirror.js, www/…) network first, so that
//   a new deployment is seen at once, with the cached copy when the network is down;
// - Trunk's hashed files (jobsim-web-<hash>.js, …_bg.wasm) cache first: a name never changes
//   its content. Those the newest page no longer names are dropped from the cache.
// Its scope is the directory it is served from, so the site works from any sub-path.
const CACHE = 'jobsim-v1';
const HASHED = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/;

// On install: the page and every file it names (its stylesheet, icon, editor, wasm and js).
self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const response = await fetch('./', { cache: 'no-cache' });
    const html = await response.clone().text();
    await cache.put('./', response);
    const files = [...html.matchAll(/(?:src|href)="([^":#?]+)"/g)].map((m) => m[1]);
    await cache.addAll([...new Set(files)]);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) {
    return;
  }
  const page = request.mode === 'navigate' || url.pathname.endsWith('/') || url.pathname.endsWith('.html');
  if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, page));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

async function networkFirst(request, page) {
  const cache = await caches.open(CACHE);
  // A page is cached by its path alone: `?embed=1` and `#s=…` links open offline too.
  const key = page ? new URL(request.url).pathname : request;
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(key, response.clone());
      if (page) {
        await forgetOldBuilds(cache, await response.clone().text());
      }
    }
    return response;
  } catch (offline) {
    const cached = (await cache.match(key, { ignoreSearch: true })) || (page && (await cache.match('./')));
    if (cached) {
      return cached;
    }
    throw offline;
  }
}

// Drops the hashed files of earlier builds: those the page just fetched does not name.
async function forgetOldBuilds(cache, html) {
  const requests = await cache.keys();
  await Promise.all(
    requests
      .map((r) => new URL(r.url).pathname)
      .filter((path) => HASHED.test(path) && !html.includes(path.slice(path.lastIndexOf('/') + 1)))
      .map((path) => cache.delete(path)),
  );
}
