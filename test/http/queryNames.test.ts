import { MODERN_TENANT_ID } from '../../sandbox/tenants';
import { canonicalNames, deleteParameter } from '../../shared/http/queryNames';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

interface NumberList {
  total: number;
  count: number;
  value: Array<Record<string, unknown>>;
  nextLink?: string;
}

const list = (tenant: string, query: string) => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { params: { msTenantId: tenant } });

beforeEach(() => useSettings());

describe('query parameter names ignore case', () => {
  it('maps any spelling to the route spelling, and leaves unknown names as sent', () => {
    const canonical = canonicalNames(['assignmentStatus', 'top', 'code']);
    expect(['ASSIGNMENTSTATUS', 'assignmentstatus', 'AssignmentStatus', 'Top', 'CODE'].map(canonical)).toEqual([
      'assignmentStatus',
      'assignmentStatus',
      'assignmentStatus',
      'top',
      'code',
    ]);
    expect(canonical('assignmentStatusX')).toBe('assignmentStatusX');
    expect(canonical('__proto__')).toBe('__proto__');
  });

  it('deletes every spelling of a name', () => {
    const parameters = new URLSearchParams('code=a&CODE=b&Code=c&top=1&codes=d');
    deleteParameter(parameters, 'code');
    expect(parameters.toString()).toBe('top=1&codes=d');
  });

  it('getTenantNumbers answers the same for any spelling of filter and paging names', async () => {
    const canonical = await list(MODERN_TENANT_ID, 'assignmentStatus=active&isoCountryCode=us&top=3&fields=telephoneNumber');
    const anyCase = await list(MODERN_TENANT_ID, 'ASSIGNMENTSTATUS=active&isocountrycode=us&Top=3&FIELDS=telephoneNumber');
    expect(canonical.status).toBe(200);
    expect(anyCase.status).toBe(200);
    expect(anyCase.json<NumberList>().value).toEqual(canonical.json<NumberList>().value);
    expect(anyCase.json<NumberList>().total).toBe(canonical.json<NumberList>().total);
    expect(anyCase.json<NumberList>().count).toBe(3);
  });

  it('two spellings of one name are that parameter twice: 400 naming it', async () => {
    const answer = await list(MODERN_TENANT_ID, 'top=1&TOP=2');
    expect(answer.status).toBe(400);
    expect(answer.json<{ errors: Array<{ parameter: string; detail: string }> }>().errors).toEqual([
      { parameter: 'top', detail: 'Query parameter "top" may be given at most 1 time(s).' },
    ]);
  });

  it('a name that is no parameter in any case is still a 400 naming it', async () => {
    const answer = await list(MODERN_TENANT_ID, 'assignmentStatuses=x');
    expect(answer.status).toBe(400);
    expect(answer.json<{ errors: Array<{ parameter: string }> }>().errors[0]?.parameter).toBe('assignmentStatuses');
  });

  it('nextLink carries the route spelling of top and skip once, and no spelling of the key', async () => {
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { shape: 'modern', count: 7 });
    const first = await list(tenant, 'TOP=3&Skip=1&CODE=not-a-key-but-never-echoed&NumberSource=operatorconnect');
    expect(first.status).toBe(200);
    const next = new URL(first.json<NumberList>().nextLink ?? '');
    expect([...next.searchParams.keys()].sort()).toEqual(['NumberSource', 'skip', 'top']);
    expect(next.searchParams.get('top')).toBe('3');
    expect(next.searchParams.get('skip')).toBe('4');
    const second = await list(tenant, next.search.slice(1));
    expect(second.status).toBe(200);
    expect(second.json<NumberList>().count).toBe(3);
  });
});
