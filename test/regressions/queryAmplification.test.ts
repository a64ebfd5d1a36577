import { routeCatalog } from '../../shared/api/routeCatalog';
import { invocationLogger, maxLogLineChars, redact } from '../../shared/logging/logger';
import { InvocationContext } from '@azure/functions';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';
import { registerTenant, uniqueTenantId } from '../support/sandboxControl';

/**
 * Findings 3, 4 and 5 of the hardening review (issue 15): queries that make one request cost far
 * more than its size. 50 distinct `capability` values were all checked against every record; a
 * 60,000-character `fields` was echoed whole into the problem and its log line, whose redaction
 * was quadratic; 1,000 unknown parameters gave a 95 KB problem body and a 95 KB log line.
 */

type Problem = { status: number; detail: string; errors?: { parameter?: string; detail: string }[] };

const list = (tenant: string, query: string) => invokeHttp('getTenantNumbers', `tenants/${tenant}/numbers?${query}`, { params: { msTenantId: tenant } });

let tenant = '';
beforeAll(async () => {
  tenant = uniqueTenantId();
  await registerTenant(tenant, {
    records: [{ telephoneNumber: '+14255550100', tenantId: tenant, acquiredCapabilities: ['InboundCalling', 'UserAssignment'] }],
  });
});
beforeEach(() => useSettings({ LIVE_PLATFORM_RATE_LIMIT: '1000' }));

const boundedLines = (logs: string[]) => {
  for (const line of logs) expect(line.length).toBeLessThanOrEqual(maxLogLineChars + 200);
};

describe('query amplification', () => {
  test('more than 10 distinct capability values are refused, naming the parameter; repeated ones count once', async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => `capability=c${index}`).join('&');
    const refused = await list(tenant, eleven);
    expect(refused.status).toBe(400);
    expect(refused.json<Problem>().errors?.[0]).toMatchObject({ parameter: 'capability', detail: expect.stringMatching(/at most 10 distinct/) });

    const repeated = Array.from({ length: 50 }, (_, index) => `capability=${index % 2 ? 'INBOUNDCALLING' : 'inboundCalling'}`).join('&');
    const answered = await list(tenant, repeated);
    expect(answered.status).toBe(200);
    expect(answered.json<{ count: number }>().count).toBe(1);

    const commaList = await list(tenant, `capability=${Array.from({ length: 11 }, (_, index) => `c${index}`).join(',')}`);
    expect(commaList.status).toBe(400);
  });

  test('a 60,000-character fields is refused by its length, not echoed, and its log line is bounded', async () => {
    const response = await list(tenant, `fields=${'eyJ'.repeat(20_000)}`);
    expect(response.status).toBe(400);
    expect(response.json<Problem>().errors?.[0]).toMatchObject({ parameter: 'fields' });
    expect(response.body.length).toBeLessThan(2_000);
    boundedLines(response.logs);
  });

  test('an unknown field name is not echoed whole', async () => {
    const name = `unknown${'q'.repeat(900)}`;
    const response = await list(tenant, `fields=telephoneNumber,${name}`);
    expect(response.status).toBe(400);
    expect(response.body).not.toContain(name);
    expect(response.body.length).toBeLessThan(2_000);
  });

  test('1,000 unknown parameters: the problem lists 20 of them and says how many more, and its log line is bounded', async () => {
    const query = Array.from({ length: 1_000 }, (_, index) => `unknownParameter${index}=1`).join('&');
    const response = await list(tenant, query);
    expect(response.status).toBe(400);
    const problem = response.json<Problem>();
    expect(problem.errors).toHaveLength(20);
    expect(problem.detail).toMatch(/and 980 more/);
    expect(response.body.length).toBeLessThan(4_000);
    boundedLines(response.logs);
  });

  test('a 60,000-character path segment gives a bounded log line', async () => {
    const response = await invokeHttp('getTenantNumbers', `tenants/${'eyJ'.repeat(20_000)}/numbers`, { params: { msTenantId: 'eyJ'.repeat(20_000) } });
    expect(response.status).toBe(400);
    expect(response.body.length).toBeLessThan(2_000);
    boundedLines(response.logs);
  });
});

describe('query schemas', () => {
  test('every text parameter of every route has a maxLength (enums and integer ranges are bounded already)', () => {
    const unbounded = routeCatalog.flatMap((route) =>
      Object.entries(route.query)
        .filter(([, spec]) => spec.schema['type'] === 'string' && spec.schema['integerRange'] === undefined && typeof spec.schema['maxLength'] !== 'number')
        .map(([name]) => `${route.name}.${name}`),
    );
    expect(unbounded).toEqual([]);
  });
});

describe('log lines', () => {
  const emitted = (message: string) => {
    const lines: string[] = [];
    const context = new InvocationContext({ functionName: 'f', invocationId: 'i', logHandler: (_level, ...args) => lines.push(args.map(String).join(' ')) });
    invocationLogger(context, 'c').warn(message);
    return lines[0] as string;
  };
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJhcGk6Ly94In0.c2lnbmF0dXJlLXZhbHVl';

  test('are cut to a bound before redaction, saying how much was cut', () => {
    const line = emitted('z'.repeat(1_000_000));
    expect(line.length).toBeLessThanOrEqual(maxLogLineChars + 200);
    expect(line).toMatch(/characters cut/);
  });

  test('a token the cut goes through leaves no part of itself that looks like one', () => {
    for (let offset = 0; offset < jwt.length + 12; offset++) {
      const line = emitted(`${'z'.repeat(maxLogLineChars - offset)} Bearer ${jwt} and ${jwt}`);
      expect(line).not.toMatch(/eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/);
    }
  });

  test('redaction keeps what is not a token and removes what is', () => {
    expect(redact(`Authorization: Bearer abc.def and ${jwt}, done`)).toBe('Authorization: [redacted] and [redacted], done');
    expect(redact(`GET /api/tenants/8f9a0c52/numbers?fields=eyJeyJeyJ answered 400`)).toBe('GET /api/tenants/8f9a0c52/numbers?fields=eyJeyJeyJ answered 400');
    expect(redact(`token ${jwt.slice(0, 40)}`)).toBe('token [redacted]');
    expect(redact('eyJ'.repeat(20_000))).toBe('eyJ'.repeat(20_000));
  });
});
