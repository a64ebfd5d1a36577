/**
 * Bounds on one upstream field's value. A documented field is a string, a number or a short list;
 * the largest, `sbcList`, is a few hundred bytes. Past these bounds a field is hostile or broken
 * and is dropped: a value nested 100,000 arrays deep parses (V8's JSON.parse does not recurse)
 * but overflows the stack of everything recursive after it (JSON.stringify, hashing, ajv).
 */
export const maxFieldDepth = 32;
export const maxFieldChars = 64 * 1024;

export type OversizeReason = 'depth' | 'size';

/**
 * Why `value` is past the bounds, or null. Iterative, and it stops as soon as a bound is passed,
 * so it costs at most ~maxFieldChars steps whatever the value.
 */
export function oversizeReason(value: unknown): OversizeReason | null {
  let chars = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const item = pending.pop() as { value: unknown; depth: number };
    const current = item.value;
    if (typeof current === 'string') chars += current.length + 2;
    else if (current === null || typeof current !== 'object') chars += 8;
    else {
      if (item.depth >= maxFieldDepth) return 'depth';
      chars += 2;
      if (Array.isArray(current)) {
        for (const child of current) {
          chars += 1;
          if (chars > maxFieldChars) return 'size';
          pending.push({ value: child, depth: item.depth + 1 });
        }
      } else {
        for (const key of Object.keys(current)) {
          chars += key.length + 4;
          if (chars > maxFieldChars) return 'size';
          pending.push({ value: (current as Record<string, unknown>)[key], depth: item.depth + 1 });
        }
      }
    }
    if (chars > maxFieldChars) return 'size';
  }
  return null;
}

/** Field names in warnings and logs: an upstream name can be 60,000 characters long. */
export const maxShownNameChars = 64;

export function shownFieldName(name: string): string {
  return name.length <= maxShownNameChars ? name : `${name.slice(0, maxShownNameChars)}… (${name.length} characters)`;
}
