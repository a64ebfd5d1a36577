import { InvalidInputError } from '../../shared/errors/requestErrors';
import { decodeContinuation, encodeContinuation, InvalidContinuationError } from '../../shared/storage/continuationToken';

test('a continuation only works for the listing it was issued for', () => {
  const sdkToken = Buffer.from(JSON.stringify({ nextPartitionKey: '1!8!cnVu', nextRowKey: '1!20!MDAw' })).toString('base64');
  const token = encodeContinuation(sdkToken, 'snapshot-runs');
  expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(JSON.parse(Buffer.from(decodeContinuation(token, 'snapshot-runs'), 'base64').toString())).toEqual({
    nextPartitionKey: '1!8!cnVu',
    nextRowKey: '1!20!MDAw',
  });
  expect(() => decodeContinuation(token, 'changes:someone')).toThrow(InvalidContinuationError);
  expect(() => decodeContinuation('e30', 'snapshot-runs')).toThrow(InvalidContinuationError);
});

test("a refused continuation is the caller's input error, naming the parameter", () => {
  const refused = (() => {
    try {
      decodeContinuation('not-base64-json', 'snapshot-runs');
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  expect(refused).toBeInstanceOf(InvalidInputError);
  expect(refused).toMatchObject({ permanent: true, problems: [{ parameter: 'continuation', detail: expect.stringContaining('not a token this API issued') }] });
});
