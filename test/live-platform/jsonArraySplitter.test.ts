import { Readable } from 'node:stream';
import { JsonArraySplitter } from '../../shared/live-platform/jsonArraySplitter';
import { readJsonBody } from '../../shared/live-platform/readJsonBody';

/** The elements the splitter finds when `text` arrives cut at every `size` bytes. */
function split(text: string, size: number): unknown[] {
  const elements: unknown[] = [];
  const splitter = new JsonArraySplitter((bytes) => elements.push(JSON.parse(bytes.toString('utf8'))));
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += size) {
    if (!splitter.push(bytes.subarray(start, start + size))) throw new Error('not an array');
  }
  splitter.end();
  return elements;
}

const body = (text: string, chunk = 7) =>
  Readable.from(Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) => Buffer.from(text.slice(i * chunk, (i + 1) * chunk))));

describe('JSON array splitter', () => {
  const tricky = [
    { s: 'a "quoted" ] , } { [ string', t: '\\', u: '\\"', v: 'ünïcødé ✓ 𝄞' },
    [1, [2, [3]], { a: [] }],
    'text with ] and ,',
    12.5e3,
    null,
    true,
    {},
    [],
  ];
  const text = ` \n[ ${tricky.map((item) => JSON.stringify(item, null, 1)).join(' ,\n')} ]\r\n `;

  it('finds every element, whatever the chunk boundaries', () => {
    for (const size of [1, 2, 3, 5, 8, 13, 64, text.length]) expect(split(text, size)).toEqual(tricky);
  });

  it('reads an empty array', () => {
    expect(split('[]', 1)).toEqual([]);
    expect(split(' [ ] ', 1)).toEqual([]);
  });

  it.each(['[1,]', '[,1]', '[1 2]', '[1]]', '[1] x', '[{"a":1}}]', '[1', '[', '[{"a":"]'])('refuses %s', (bad) => {
    expect(() => split(bad, 1)).toThrow();
  });

  it('says when the body is not an array, taking nothing', () => {
    const splitter = new JsonArraySplitter(() => undefined);
    expect(splitter.push(Buffer.from('  {"value":[]}'))).toBe(false);
    expect(splitter.isArray).toBe(false);
  });
});

describe('readJsonBody', () => {
  it('parses small bodies, arrays or not', async () => {
    await expect(readJsonBody(body('[{"a":1},{"b":[2,3]}]'), 1024)).resolves.toEqual([{ a: 1 }, { b: [2, 3] }]);
    await expect(readJsonBody(body(' {"value":[1,2]} '), 1024)).resolves.toEqual({ value: [1, 2] });
    await expect(readJsonBody(body('"text"'), 1024)).resolves.toBe('text');
  });

  it('parses a body past 16 MiB element by element, and an object of that size whole', async () => {
    const record = { telephoneNumber: '+14255550100', note: 'x'.repeat(1000), list: [1, 'a,]"'] };
    const big = Array.from({ length: 18_000 }, (_, index) => ({ ...record, index }));
    const bigText = JSON.stringify(big);
    expect(bigText.length).toBeGreaterThan(16 * 1024 * 1024);
    await expect(readJsonBody(body(bigText, 65_536), 64 * 1024 * 1024)).resolves.toEqual(big);
    await expect(readJsonBody(body(JSON.stringify({ value: big }), 65_536), 64 * 1024 * 1024)).resolves.toEqual({ value: big });
    await expect(readJsonBody(body(`${bigText.slice(0, -1)},{"broken":]`, 65_536), 64 * 1024 * 1024)).rejects.toMatchObject({
      code: 'upstream-bad-response',
      logReason: 'body is not valid JSON',
    });
  });

  it('refuses invalid JSON and bodies over the limit with the reasons the log shows', async () => {
    await expect(readJsonBody(body('[{"a":1},{"b":'), 1024)).rejects.toMatchObject({ code: 'upstream-bad-response', logReason: 'body is not valid JSON' });
    await expect(readJsonBody(body('not json'), 1024)).rejects.toMatchObject({ code: 'upstream-bad-response', logReason: 'body is not valid JSON' });
    await expect(readJsonBody(body(''), 1024)).rejects.toMatchObject({ code: 'upstream-bad-response', logReason: 'body is not valid JSON' });
    await expect(readJsonBody(body(`[${'1,'.repeat(100)}1]`), 64)).rejects.toMatchObject({
      code: 'upstream-bad-response',
      logReason: 'body larger than LIVE_PLATFORM_MAX_RESPONSE_BYTES (64)',
    });
  });
});
