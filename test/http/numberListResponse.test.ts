import { HttpRequest } from '@azure/functions';
import fc from 'fast-check';
import { numberQueryFrom } from '../../shared/api/routes/getTenantNumbersRoute';
import { numberListResponse } from '../../shared/http/numberListResponse';
import type { LoadedNumbers } from '../../shared/numbers/loadTenantNumbers';
import { normaliseRecords } from '../../shared/numbers/normaliseRecords';
import { projectRecord } from '../../shared/numbers/projectRecord';

const tenant = '8f9a0c52-5d0e-4c4b-9a55-2d52e1b4a6f1';
const request = (query: string) => new HttpRequest({ url: `https://app.example/api/tenants/${tenant}/numbers?${query}`, method: 'GET', headers: {} });

/** Records with text that needs escaping ("quotes", backslashes, line breaks, non-ASCII) in every string field. */
const upstream = (count: number, text: string) =>
  normaliseRecords(
    Array.from({ length: count }, (_, i) => ({
      telephoneNumber: `+1425555${String(i).padStart(4, '0')}`,
      tenantId: tenant,
      assignmentStatus: i % 2 ? 'Unassigned' : text,
      acquiredCapabilities: ['InboundCalling', text],
      locationId: text,
    })),
    'report',
  ).records;

const loaded = (records: LoadedNumbers['records'], warnings: LoadedNumbers['warnings'], source: 'live' | 'snapshot' = 'live'): LoadedNumbers => ({
  source,
  records,
  upstreamRecords: [],
  droppedCount: 0,
  warnings,
  retrievedAt: '2026-11-30T10:00:00.000Z',
  ...(source === 'snapshot' ? { snapshotAgeSeconds: 5 } : {}),
});

describe('numberListResponse', () => {
  it('writes exactly what JSON.stringify writes for the same answer, whatever the text, paging and fields', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 12 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 14 }),
        fc.boolean(),
        fc.constantFrom<'live' | 'snapshot'>('live', 'snapshot'),
        (count, text, top, skip, projected, source) => {
          const records = upstream(count, text);
          const query = `top=${top}&skip=${skip}${projected ? '&fields=locationId,telephoneNumber' : ''}&code=secret`;
          const numberQuery = numberQueryFrom(Object.fromEntries(Array.from(new URLSearchParams(query), ([name, value]) => [name, [value]])));
          const warnings = text ? [{ code: 'unknownField' as const, field: text, count: 1, detail: `Undocumented field '${text}'` }] : [];
          const response = numberListResponse(request(query), tenant, null, numberQuery, loaded(records, warnings, source));

          const page = records.slice(skip, skip + top);
          // The filters as sent, then the paging of the next page (the key dropped).
          const nextLink =
            skip + top < records.length
              ? `https://app.example/api/tenants/${tenant}/numbers?${projected ? 'fields=locationId%2CtelephoneNumber&' : ''}top=${top}&skip=${skip + top}`
              : undefined;
          const expected = JSON.stringify({
            retrievedAt: '2026-11-30T10:00:00.000Z',
            msTenantId: tenant,
            channelId: null,
            source,
            total: records.length,
            count: page.length,
            value: projected ? page.map((record) => projectRecord(record, ['locationId', 'telephoneNumber'])) : page,
            nextLink,
            warnings,
          });
          expect(response.body).toBe(expected);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the function key out of nextLink and the filters in it', () => {
    const query = 'top=1&assignmentStatus=Unassigned&code=secret';
    const numberQuery = numberQueryFrom({ top: ['1'], assignmentStatus: ['Unassigned'] });
    const response = numberListResponse(request(query), tenant, 7, numberQuery, loaded(upstream(4, 'x'), []));
    const body = JSON.parse(String(response.body)) as { nextLink: string; channelId: number };
    expect(body.channelId).toBe(7);
    expect(new URL(body.nextLink).searchParams.get('code')).toBeNull();
    expect(new URL(body.nextLink).searchParams.get('assignmentStatus')).toBe('Unassigned');
    expect(new URL(body.nextLink).searchParams.get('skip')).toBe('1');
  });
});
