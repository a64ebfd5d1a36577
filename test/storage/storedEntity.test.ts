import { storedProperties } from '../../shared/storage/storedEntity';

test('an entity read back is written back without the service metadata (Azure refuses `odata.metadata` as a property)', () => {
  const read = {
    'odata.metadata': 'http://x/$metadata#t/@Element',
    etag: 'W/"1"',
    timestamp: '2026-01-01T00:00:00Z',
    partitionKey: 'tenant',
    rowKey: 'r',
    leaseOwner: 'o',
  };
  expect(storedProperties(read)).toEqual({ partitionKey: 'tenant', rowKey: 'r', leaseOwner: 'o' });
});
