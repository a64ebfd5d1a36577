import path from 'node:path';
import { lateLoad } from '../../shared/runtime/lateLoad';

/**
 * Preloaded into the bench's Azurite (`node --require`), never into the tests' Azurite.
 *
 * Azurite finds an entity with LokiJS `findOne({ PartitionKey, RowKey })`, and LokiJS uses an
 * index for the first property only: every insert, upsert and point read scans the whole
 * partition, so a write costs time proportional to the partition's size (a 100k-number partition
 * takes hours, and batching buys nothing because the scans dominate). Azure Table Storage finds a
 * row by its clustered (PartitionKey, RowKey) key. Asking Loki for the key with fewer rows of that
 * value first (usually RowKey) lets that index answer; the result is the same entity, so Azurite's behaviour is unchanged — only that
 * emulator artefact goes, for the app and the baselines alike.
 */
interface LokiCollection {
  findOne(this: LokiCollection, query: unknown): unknown;
  binaryIndices?: Record<string, unknown>;
  ensureIndex(property: string): void;
  calculateRange(op: '$eq', property: string, value: unknown): [number, number];
}

const azuriteFolder = path.dirname(require.resolve('azurite/package.json'));
const loki = lateLoad<{ Collection?: { prototype?: Partial<LokiCollection> } }>(require, require.resolve('lokijs', { paths: [azuriteFolder] }))();
const findOne = loki.Collection?.prototype?.findOne;
if (typeof findOne !== 'function' || !loki.Collection?.prototype) {
  throw new Error('lokijs no longer has Collection.prototype.findOne: bench/support/azuritePointLookup.ts needs updating for this Azurite');
}

const isEntityKey = (query: unknown): query is { PartitionKey: unknown; RowKey: unknown } =>
  typeof query === 'object' && query !== null && Object.keys(query).join() === 'PartitionKey,RowKey';

/**
 * Rows sharing this key value, from the key's binary index (a binary search). Both number tables
 * have few rows per RowKey (a number in ocNumbers; number and tenant in ocNumberIndex), but a table
 * whose RowKey repeats across partitions would make the RowKey index alone scan all of them.
 */
function rowsWith(collection: LokiCollection, property: 'PartitionKey' | 'RowKey', value: unknown): number {
  if (!collection.binaryIndices?.[property]) return Number.POSITIVE_INFINITY;
  collection.ensureIndex(property);
  const [low, high] = collection.calculateRange('$eq', property, value);
  return high - low;
}

loki.Collection.prototype.findOne = function findOneByNarrowerKey(this: LokiCollection, query: unknown): unknown {
  if (!isEntityKey(query)) return findOne.call(this, query);
  const rowKeyFirst = rowsWith(this, 'RowKey', query.RowKey) <= rowsWith(this, 'PartitionKey', query.PartitionKey);
  return findOne.call(this, rowKeyFirst ? { RowKey: query.RowKey, PartitionKey: query.PartitionKey } : query);
};

/**
 * Queries: Azurite evaluates every $filter as a predicate over the whole table (and sorts the
 * result), so a query for one partition costs time proportional to the table, where Azure serves
 * `PartitionKey eq '…'` from its clustered key. When a filter pins one partition (its first
 * top-level condition is `PartitionKey eq '…'` followed by `and` or nothing), the query starts from
 * Loki's PartitionKey index instead; the whole filter still applies, so the result is the same.
 * findNumber (one RowKey range of one ocNumberIndex block) and per-tenant reads use such filters.
 */
interface EntityChain {
  find(query: unknown): EntityChain;
}
interface EntityCollection {
  chain(): EntityChain;
}
type MetadataStore = { getEntityCollection(...args: unknown[]): EntityCollection };
type QueryEntities = (
  this: MetadataStore,
  context: unknown,
  account: unknown,
  table: unknown,
  queryOptions: { filter?: string } | undefined,
  ...rest: unknown[]
) => unknown;

const storeModule = lateLoad<{ default?: { prototype?: { queryTableEntities?: QueryEntities } } }>(
  require,
  require.resolve('azurite/dist/src/table/persistence/LokiTableMetadataStore', { paths: [azuriteFolder] }),
)();
const storePrototype = storeModule.default?.prototype;
const queryTableEntities = storePrototype?.queryTableEntities;
if (!storePrototype || typeof queryTableEntities !== 'function') {
  throw new Error(
    'Azurite no longer has LokiTableMetadataStore.prototype.queryTableEntities: bench/support/azuritePointLookup.ts needs updating for this Azurite',
  );
}
const onePartition = /^\s*\(*\s*PartitionKey eq '((?:[^']|'')*)'\s*\)*\s*(?:and\b|$)/;

/**
 * Queries over the whole table (no partition pinned): for every page Azurite evaluates the filter on
 * every row of the table and sorts every row after the continuation, so reading a table page by page
 * costs time proportional to the square of its size (a 300k-row scan takes many minutes), where Azure
 * reads on from the continuation in key order. Here the rows are kept sorted by (PartitionKey, RowKey)
 * once, until the next write to the collection (Loki's insert, update and delete events), and a page
 * starts at the continuation by binary search and reads on until it has its rows: the same rows in the
 * same order with the same continuation, from the same filter, for the app and the baselines alike.
 */
interface KeyedDoc {
  PartitionKey: string;
  RowKey: string;
}
interface WatchedCollection {
  data: KeyedDoc[];
  on(event: string, listener: () => void): void;
}
interface QueryHelpers {
  getMaxResultsOption(queryOptions: unknown): number;
  decodeContinuationHeader(input: unknown): string | undefined;
  adjustQueryResultforTop(result: KeyedDoc[], maxResults: number): { nextPartitionKeyResponse: unknown; nextRowKeyResponse: unknown };
}
type WhereOf = (queryOptions: unknown, context: unknown) => (doc: KeyedDoc) => boolean;
const generatorModule = lateLoad<{ default?: { generateQueryForPersistenceLayer?: WhereOf } }>(
  require,
  require.resolve('azurite/dist/src/table/persistence/LokiTableStoreQueryGenerator', { paths: [azuriteFolder] }),
)();
const whereOf = generatorModule.default?.generateQueryForPersistenceLayer?.bind(generatorModule.default);
if (!whereOf)
  throw new Error(
    'Azurite no longer has LokiTableStoreQueryGenerator.generateQueryForPersistenceLayer: bench/support/azuritePointLookup.ts needs updating for this Azurite',
  );

const byKey = (a: KeyedDoc, b: KeyedDoc) =>
  a.PartitionKey > b.PartitionKey ? 1 : a.PartitionKey < b.PartitionKey ? -1 : a.RowKey > b.RowKey ? 1 : a.RowKey < b.RowKey ? -1 : 0;
const sortedRows = new WeakMap<WatchedCollection, { data: KeyedDoc[]; rows: KeyedDoc[] }>();
const watched = new WeakSet<WatchedCollection>();

function rowsInKeyOrder(collection: WatchedCollection): KeyedDoc[] {
  if (!watched.has(collection)) {
    watched.add(collection);
    for (const event of ['insert', 'update', 'delete']) collection.on(event, () => sortedRows.delete(collection));
  }
  const cached = sortedRows.get(collection);
  if (cached && cached.data === collection.data) return cached.rows;
  const rows = [...collection.data].sort(byKey);
  sortedRows.set(collection, { data: collection.data, rows });
  return rows;
}

/** The first row at or after the continuation, as Azurite's own paging predicate reads it. */
function firstAfter(rows: readonly KeyedDoc[], partitionKey: string | undefined, rowKey: string | undefined): number {
  if (partitionKey === undefined) return 0;
  const before = (doc: KeyedDoc) => doc.PartitionKey < partitionKey || (rowKey !== undefined && doc.PartitionKey === partitionKey && doc.RowKey < rowKey);
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(rows[middle] as KeyedDoc)) low = middle + 1;
    else high = middle;
  }
  return low;
}

function queryWholeTable(
  this: MetadataStore & QueryHelpers,
  context: unknown,
  account: unknown,
  table: unknown,
  queryOptions: unknown,
  nextPartitionKey: unknown,
  nextRowKey: unknown,
): unknown {
  const collection = this.getEntityCollection(account, table, context) as unknown as WatchedCollection;
  const where = (whereOf as WhereOf)(queryOptions, context);
  const maxResults = this.getMaxResultsOption(queryOptions);
  const rows = rowsInKeyOrder(collection);
  const result: KeyedDoc[] = [];
  for (
    let index = firstAfter(rows, this.decodeContinuationHeader(nextPartitionKey), this.decodeContinuationHeader(nextRowKey));
    index < rows.length && result.length <= maxResults;
    index++
  ) {
    const doc = rows[index] as KeyedDoc;
    if (where(doc)) result.push(doc);
  }
  const response = this.adjustQueryResultforTop(result, maxResults);
  return Promise.resolve([result, response.nextPartitionKeyResponse, response.nextRowKeyResponse]);
}

storePrototype.queryTableEntities = function queryOnePartitionByIndex(this: MetadataStore, context, account, table, queryOptions, ...rest) {
  const match = onePartition.exec(queryOptions?.filter ?? '');
  if (!match) return queryWholeTable.call(this as MetadataStore & QueryHelpers, context, account, table, queryOptions, rest[0], rest[1]);
  const partitionKey = (match[1] ?? '').replace(/''/g, "'");
  const store = Object.create(this) as MetadataStore;
  store.getEntityCollection = (...args: unknown[]) => {
    const collection = this.getEntityCollection(...args);
    return { chain: () => collection.chain().find({ PartitionKey: partitionKey }) };
  };
  return queryTableEntities.call(store, context, account, table, queryOptions, ...rest);
};
