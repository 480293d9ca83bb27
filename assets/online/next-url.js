// Where to go after sign-in: the `next` query parameter, only when it stays on this site.
// Validated by the browser's own URL parser (WHATWG): it drops tabs and newlines anywhere and
// reads "\" as "/", so "/\t/evil.example", "/\\evil" or "https:evil" can each name another
// host, which a pattern on the raw text misses. Mirrored on the server by
// volunteer_app/core/next_url.py; both pass tests/vectors/next_url.json.

/**
 * The path (with query and fragment) to go to, or null when `next` is empty, unparsable or
 * resolves to another origin than `origin`. Leading slashes are folded into one, so the result
 * read again as a URL can only ever be a path on this site ("//x" would name a host).
 */
export function sameOriginPath(next, origin) {
  if (typeof next !== 'string' || next === '') return null;
  let url;
  try {
    url = new URL(next, origin);
  } catch (e) {
    return null;
  }
  if (url.origin !== new URL(origin).origin) return null;
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`;
}

/** `next` when it stays on this site, else `fallback` (the role's home). */
export function nextOr(next, origin, fallback) {
  return sameOriginPath(next, origin) ?? fallback;
}
