import { maxFieldChars, oversizeReason } from '../../shared/numbers/oversizedFields';

describe('oversizeReason', () => {
  test('numbers, booleans, null and short strings are within the bounds', () => {
    for (const value of [0, -1.2345678901234567e300, true, null, undefined, '', '+14255550100']) expect(oversizeReason(value)).toBeNull();
  });

  test('a string is measured by its JSON text, escapes included, right at the bound', () => {
    // The text with its quotes is exactly maxFieldChars, then one over.
    expect(oversizeReason('a'.repeat(maxFieldChars - 2))).toBeNull();
    expect(oversizeReason('a'.repeat(maxFieldChars - 1))).toBe('size');
    // A control character is written as \u00XX: six characters each.
    const escaped = Math.floor((maxFieldChars - 2) / 6);
    expect(oversizeReason('\u0001'.repeat(escaped))).toBeNull();
    expect(oversizeReason('\u0001'.repeat(escaped + 1))).toBe('size');
  });

  test('nested values are walked: too deep, too long', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(oversizeReason(deep)).toBe('depth');
    expect(oversizeReason(['a'.repeat(maxFieldChars)])).toBe('size');
    expect(oversizeReason({ sbc: ['sbc1.example.com', 'sbc2.example.com'] })).toBeNull();
  });
});
