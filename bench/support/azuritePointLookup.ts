import path from 'node:path';
import { lateLoad } from '../../shared/runtime/lateLoad';

/**
 * Preloaded into the bench's Azurite (`node --require`), never into the tests' Azurite.
 *
 * Azurite finds an entity with LokiJS `findOne({ PartitionKey, RowKey })`, and LokiJS uses an
 * index for the first property only: every insert, upsert and point read scans the whole
 * partition, so a write costs time proportional to the partition's size (a 100k-number partition
 * takes hours, and batching buys nothing because the scans dominate). Azure Table Storage finds a
 * row by its clustered (PartitionKey, RowKey) key. Asking Loki for RowKey first lets its RowKey
 * index answer; the result is the same entity, so Azurite's behaviour is unchanged — only that
 * emulator artefact goes, for the app and the baselines alike.
 */
interface LokiCollection {
  findOne(this: LokiCollection, query: unknown): unknown;
}

const azuriteFolder = path.dirname(require.resolve('azurite/package.json'));
const loki = lateLoad<{ Collection?: { prototype?: Partial<LokiCollection> } }>(require, require.resolve('lokijs', { paths: [azuriteFolder] }))();
const findOne = loki.Collection?.prototype?.findOne;
if (typeof findOne !== 'function' || !loki.Collection?.prototype) {
  throw new Error("lokijs no longer has Collection.prototype.findOne: bench/support/azuritePointLookup.ts needs updating for this Azurite");
}

const isEntityKey = (query: unknown): query is { PartitionKey: unknown; RowKey: unknown } =>
  typeof query === 'object' && query !== null && Object.keys(query).join() === 'PartitionKey,RowKey';

loki.Collection.prototype.findOne = function findOneByRowKeyFirst(this: LokiCollection, query: unknown): unknown {
  return findOne.call(this, isEntityKey(query) ? { RowKey: query.RowKey, PartitionKey: query.PartitionKey } : query);
};
