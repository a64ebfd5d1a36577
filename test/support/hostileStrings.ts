import fc from 'fast-check';

/**
 * Values a hostile or careless caller puts where a tenant id, a number, a count or a cursor
 * belongs: random text and bytes, and the classics — OData and path injection, encodings that
 * decode to something else, a right-to-left override, template and script markup, numbers in
 * forms JSON or JavaScript would accept but the API does not. `extra` adds a suite's own.
 */
export function hostileStrings(...extra: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      "' or 1 eq 1 or '",
      "x' or PartitionKey ne '",
      '../../etc/passwd',
      '%00',
      '%2e%2e%2f',
      '\u202e',
      '$filter=true',
      '{{7*7}}',
      '<script>',
      'null',
      '-1',
      '1e3',
      '0x10',
      ' 5',
      '5 ',
      ...extra,
    ),
  );
}
