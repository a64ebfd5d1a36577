import { getSettings } from '../config/settings';

/**
 * Where the links the app hands out point (nextLink, Location, the API documents' servers): on
 * PUBLIC_BASE_URL when it is set, so a Host or X-Forwarded-Host a caller chose never becomes a link
 * another client follows (docs/deploy.md "Links"). Unset, links keep the origin the request came to.
 * Every link is built here: routes call these, not `new URL(…, request.url)`.
 */
export function publicOrigin(requestUrl: string | URL): string {
  return getSettings().publicBaseUrl ?? new URL(requestUrl).origin;
}

/** The request's own URL (path and query kept) on the public origin. */
export function publicRequestUrl(requestUrl: string | URL): URL {
  const url = new URL(requestUrl);
  // Concatenated, not resolved: a path such as //evil.example/… must stay a path on the public origin.
  return new URL(`${publicOrigin(url)}${url.pathname}${url.search}`);
}

/** An absolute link to `pathAndQuery` (starting with /) on the public origin. */
export function publicLink(requestUrl: string | URL, pathAndQuery: string): string {
  if (!pathAndQuery.startsWith('/') || pathAndQuery.startsWith('//')) throw new Error(`publicLink needs an absolute path, got ${pathAndQuery.slice(0, 40)}`);
  return new URL(`${publicOrigin(requestUrl)}${pathAndQuery}`).toString();
}
