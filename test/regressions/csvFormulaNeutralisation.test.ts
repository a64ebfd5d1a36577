import { csvCell } from '../../shared/numbers/toCsv';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

/**
 * Finding 8 of the hardening review (issue 15): a cell starting with a space, LF, a no-break space
 * or a full-width ＝ before a formula character was written as it came. Spreadsheets trim leading
 * whitespace and read full-width operators as formulas; OWASP's CSV injection guidance asks for
 * every such cell to start with a quote.
 */

const hostile = [
  ' =1+2',
  '\n=1+2',
  '\u00a0=1+2',
  '\u3000@SUM(A1)',
  '\ufeff=1',
  '＝HYPERLINK("http://evil")',
  '＋1',
  '－1',
  '＠SUM(A1)',
  '  \t -1',
  '\n',
  '\u000b=1',
];

describe('CSV formula neutralisation', () => {
  test.each(hostile)('a cell %j starts with a quote', (value) => {
    expect(csvCell('locationId', value)).toBe(`"'${value.replace(/"/g, '""')}"`);
  });

  test('plain text, inner operators and a valid E.164 telephone number stay as they are', () => {
    expect(csvCell('locationId', 'Building 1 = HQ')).toBe('"Building 1 = HQ"');
    expect(csvCell('locationId', ' plain')).toBe('" plain"');
    expect(csvCell('telephoneNumber', '+14255550100')).toBe('"+14255550100"');
  });

  test('over HTTP: the CSV of a tenant with such fields neutralises each', async () => {
    useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000' });
    const tenant = uniqueTenantId();
    await registerTenant(tenant, { records: [{ telephoneNumber: '+14255550100', tenantId: tenant, locationId: '\u00a0=cmd|calc', civicAddressId: '＝1+1' }] });
    const csv = (
      await invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?format=csv&fields=telephoneNumber,locationId,civicAddressId`, {
        params: { msTenantId: tenant },
      })
    ).body;
    expect(csv.split('\r\n')[1]).toBe(`"+14255550100","'\u00a0=cmd|calc","'＝1+1"`);
  });
});
