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

/**
 * Queries: Azurite evaluates every $filter as a predicate over the whole table (and sorts the
 * result), so a query for one partition costs time proportional to the table, where Azure serves
 * `PartitionKey eq '…'` from its clustered key. When a filter pins one partition (its first
 * top-level condition is `PartitionKey eq '…'` followed by `and` or nothing), the query starts from
 * Loki's PartitionKey index instead; the whole filter still applies, so the result is the same.
 * findNumber (one ocNumberIndex partition) and per-tenant reads use such filters.
 */
interface EntityChain {
  find(query: unknown): EntityChain;
}
interface EntityCollection {
  chain(): EntityChain;
}
type MetadataStore = { getEntityCollection(...args: unknown[]): EntityCollection };
type QueryEntities = (this: MetadataStore, context: unknown, account: unknown, table: unknown, queryOptions: { filter?: string } | undefined, ...rest: unknown[]) => unknown;

const storeModule = lateLoad<{ default?: { prototype?: { queryTableEntities?: QueryEntities } } }>(require, require.resolve('azurite/dist/src/table/persistence/LokiTableMetadataStore', { paths: [azuriteFolder] }))();
const storePrototype = storeModule.default?.prototype;
const queryTableEntities = storePrototype?.queryTableEntities;
if (!storePrototype || typeof queryTableEntities !== 'function') {
  throw new Error('Azurite no longer has LokiTableMetadataStore.prototype.queryTableEntities: bench/support/azuritePointLookup.ts needs updating for this Azurite');
}
const onePartition = /^\s*\(*\s*PartitionKey eq '((?:[^']|'')*)'\s*\)*\s*(?:and\b|$)/;

storePrototype.queryTableEntities = function queryOnePartitionByIndex(this: MetadataStore, context, account, table, queryOptions, ...rest) {
  const match = onePartition.exec(queryOptions?.filter ?? '');
  if (!match) return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
  const partitionKey = (match[1] ?? '').replace(/''/g, "'");
  const store = Object.create(this) as MetadataStore;
  store.getEntityCollection = (...args: unknown[]) => {
    const collection = this.getEntityCollection(...args);
    return { chain: () => collection.chain().find({ PartitionKey: partitionKey }) };
  };
  return queryTableEntities.call(store, context, account, table, queryOptions, ...rest);
};
