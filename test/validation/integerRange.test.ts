import fc from 'fast-check';
import { queryValidator } from '../../shared/validation/validators';

// getTenantNumbers: top is integerRange [1, 1000], skip [0, 100000000]; each takes one value.
const validate = queryValidator('getTenantNumbers');
const accepts = (name: string, value: string) => validate({ [name]: [value] });

// The keyword's semantics before it was precompiled: 1 to 16 digits, then the value within the range.
const reference = (value: string, min: number, max: number) => /^[0-9]{1,16}$/.test(value) && Number(value) >= min && Number(value) <= max;

describe('integerRange in the precompiled query validators', () => {
  it.each([
    ['0', false],
    ['1', true],
    ['1000', true],
    ['1001', false],
    ['01', true],
    ['0000000000001000', true],
    ['00000000000000001', false],
    ['', false],
    ['1e3', false],
    ['-1', false],
    ['+1', false],
    [' 1', false],
    ['1 ', false],
    ['1.0', false],
    ['0x10', false],
    ['１', false],
  ])('top=%j is accepted: %s', (value, expected) => {
    expect(accepts('top', value)).toBe(expected);
  });

  it('reports a refused value as an integerRange error at the value', () => {
    expect(accepts('top', '1001')).toBe(false);
    expect(validate.errors).toEqual([expect.objectContaining({ keyword: 'integerRange', instancePath: '/top/0' })]);
  });

  it('takes the ends of a range from 0 up to 100000000 (skip)', () => {
    expect(['0', '100000000', '99999999'].map((value) => accepts('skip', value))).toEqual([true, true, true]);
    expect(['100000001', '9999999999999999', '-0'].map((value) => accepts('skip', value))).toEqual([false, false, false]);
  });

  it('agrees with the run-time keyword it replaced on any text', () => {
    const text = fc.oneof(fc.stringMatching(/^[0-9]{0,18}$/), fc.stringMatching(/^[-+ 0-9.e]{0,6}$/), fc.string({ maxLength: 20 }), fc.nat().map(String));
    fc.assert(
      fc.property(text, (value) => {
        expect(accepts('top', value)).toBe(reference(value, 1, 1000));
        expect(accepts('skip', value)).toBe(reference(value, 0, 100_000_000));
      }),
      { numRuns: 2000 },
    );
  });
});
