import { invokeHttp } from './invokeHttp';

/**
 * Follows nextLink the way the Power Automate HTTP action does, checking on the way that every page
 * is a 200 and that no link carries the function key.
 */
export async function walkNextLinks<Page extends { nextLink?: string }>(
  functionName: string,
  firstPathAndQuery: string,
  params: Record<string, string> = {},
): Promise<Page[]> {
  const pages: Page[] = [];
  let next: string | undefined = firstPathAndQuery;
  while (next) {
    const response = await invokeHttp(functionName, next, { params });
    expect(response.status).toBe(200);
    const page = response.json<Page>();
    pages.push(page);
    if (!page.nextLink) break;
    const url = new URL(page.nextLink);
    expect(url.searchParams.has('code')).toBe(false);
    next = `${url.pathname.replace(/^\/api\//, '')}${url.search}`;
  }
  return pages;
}
