import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

const one = (tenant: string, number: string, query = '') =>
  invokeHttp('getTenantNumber', `tenants/${tenant}/numbers/${encodeURIComponent(number)}${query}`, { params: { msTenantId: tenant, telephoneNumber: number } });

beforeEach(() => useSettings());

describe('getTenantNumber', () => {
  const tenant = uniqueTenantId();
  beforeAll(() =>
    registerTenant(tenant, { records: [{ telephoneNumber: '14255550100', tenantId: tenant, assignmentStatus: 'Unassigned', isoCountryCode: 'US' }] }),
  );

  it.each(['+14255550100', '%2B14255550100', '14255550100'])('finds the record when the number is given as %s', async (number) => {
    const response = await one(tenant, number);
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ telephoneNumber: '+14255550100', assignmentStatus: 'Unassigned', msTenantId: tenant });
    expect(response.headers.get('etag')).toBeTruthy();
  });

  it('projects fields', async () => {
    expect((await one(tenant, '+14255550100', '?fields=isoCountryCode')).json()).toEqual({ isoCountryCode: 'US' });
  });

  it('answers 404 problem+json for a number the tenant does not have', async () => {
    const response = await one(tenant, '+14255550199');
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, detail: expect.stringContaining('+14255550199') });
  });

  it('answers 400 for something that is not a telephone number', async () => {
    const response = await one(tenant, 'DROP TABLE');
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ parameter: 'telephoneNumber' })]);
  });
});
