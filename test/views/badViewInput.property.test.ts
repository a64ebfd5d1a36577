import fc from 'fast-check';
import { useSettings } from '../support/appState';
import { startCountingStorage, type CountingStorage } from '../support/countingStorage';
import { invokeHttp } from '../support/invokeHttp';
import { hostileStrings } from '../support/hostileStrings';

// The operator views read storage only; a storage endpoint that counts its requests shows that bad input never reaches it.
let storage: CountingStorage;
beforeAll(async () => {
  storage = await startCountingStorage();
  useSettings({ SnapshotStorage: storage.connectionString });
});
afterAll(() => storage.close());

const hostile = hostileStrings('eyJ0IjoiYSIsIm4iOiIrMSJ9');

async function expectRefused(name: string, path: string, params: Record<string, string> = {}): Promise<void> {
  const response = await invokeHttp(name, path, { params });
  expect({ path, status: response.status }).toEqual({ path, status: 400 });
  expect(response.headers.get('content-type')).toBe('application/problem+json');
}

const encode = (value: string) => encodeURIComponent(value);
const runs = { numRuns: 300 };

describe('bad input to the operator views is a 400 and never reaches storage', () => {
  afterEach(() => expect(storage.requests()).toBe(0));

  it.each([
    ['msTenantId', (v: string) => !/^[0-9a-f-]{36}(,[0-9a-f-]{36})*$/i.test(v)],
    ['state', (v: string) => !['active', 'released', 'all'].includes(v)],
    ['report', (v: string) => !['assignedWithoutEmergencyAddress', 'idleUnassigned', 'recentlyReleased'].includes(v)],
    ['top', (v: string) => !/^[0-9]+$/.test(v) || Number(v) < 1 || Number(v) > 1000],
    ['continuation', () => true],
    ['format', (v: string) => !['json', 'csv', 'ndjson'].includes(v)],
  ] as const)('listOperatorNumbers: hostile %s', async (name, invalid) => {
    await fc.assert(
      fc.asyncProperty(hostile.filter(invalid), async (value) => expectRefused('listOperatorNumbers', `numbers?${name}=${encode(value)}`)),
      runs,
    );
  });

  it('listTenants: hostile filters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('unassignedShareAbove', 'staleSnapshotHours', 'top', 'skip'),
        hostile.filter((v) => !/^[0-9]+(\.[0-9]+)?$/.test(v)),
        async (name, value) => expectRefused('listTenants', `tenants?${name}=${encode(value)}`),
      ),
      runs,
    );
  });

  it('findNumber: hostile telephone numbers', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((v) => !/^\s*\+?[1-9][0-9]{6,14}\s*$/.test(v)),
        async (value) => expectRefused('findNumber', `numbers/${encode(value)}`, { telephoneNumber: value }),
      ),
      runs,
    );
  });
});
