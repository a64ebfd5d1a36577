/**
 * Bounds on one upstream field's value. A documented field is a string, a number or a short list;
 * the largest, `sbcList`, is a few hundred bytes. Past these bounds a field is hostile or broken
 * and is dropped: a value nested 100,000 arrays deep parses (V8's JSON.parse does not recurse)
 * but overflows the stack of everything recursive after it (JSON.stringify, hashing, ajv), and a
 * snapshot stores each field in a Table Storage property of at most 32 K characters (`extra`, all
 * unknown fields together, in one), in an entity of at most 1 MiB.
 */
export const maxFieldDepth = 32;
/** Of the field's JSON text. */
export const maxFieldChars = 8 * 1024;
/** Of all unknown fields of a record together (`extra`, stored as one JSON property). */
export const maxExtraChars = 24 * 1024;

export type OversizeReason = 'depth' | 'size' | 'extra';

/**
 * Why `value` is past the bounds, or null. The walk is iterative and stops as soon as a bound is
 * passed (at most ~maxFieldChars steps whatever the value); only a value it lets through is
 * serialised, to measure its JSON text exactly (escapes can make it longer than its characters).
 */
export function oversizeReason(value: unknown): OversizeReason | null {
  // Nearly every field is a short string or a number: an escape is at most 6 characters, so such
  // a value's JSON text cannot pass the bound, and neither walking nor serialising it is needed
  // (serialising every field cost the proxy about a seventh of its time on 100k numbers).
  if (value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 6 + 2 <= maxFieldChars) return null;
  }
  const reason = walkedReason(value);
  if (reason !== null) return reason;
  return jsonLength(value) > maxFieldChars ? 'size' : null;
}

/** Length of the value's JSON text; call only on a value within maxFieldDepth. */
export function jsonLength(value: unknown): number {
  return JSON.stringify(value ?? null).length;
}

function walkedReason(value: unknown): OversizeReason | null {
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
