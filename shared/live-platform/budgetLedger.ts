/**
 * The shared Live Platform budget as data: a ledger of the calls that may still count in the Live
 * Platform's sliding 10-s window, kept in one Table Storage row and changed by ETag-conditional
 * writes (sharedRateBudget.ts). Pure functions only, so the property test can drive them with
 * simulated clocks.
 *
 * Every time in a ledger is on ONE clock: the storage service's. A write's time is the `Timestamp`
 * the service stamps on the row (returned in the ETag), never an instance's own clock, so instance
 * clocks that differ by a second — or by an hour — are never compared. An entry's `until` is the
 * latest moment (storage clock) its call can have reached the Live Platform: the call is sent only
 * after the write that holds its entry was stamped, and it has reached the Live Platform by the
 * time its response headers are back; the caller measures that lag on its own monotonic clock
 * (a duration, which needs no clock agreement) and adds it to the stamp.
 *
 * Why no 10-s interval sees more than `limit` arrivals: a call k is written only if fewer than
 * `limit` entries have `until` > σk − window (σk its stamp, at most its arrival). Suppose `limit`+1
 * calls arrive within one window; take k, the last of them written. Each other one, j, arrived
 * after ak − window ≥ σk − window, and its `until` is at least its arrival, so it was in the ledger
 * at k's write (entries leave only once `until` ≤ a stamp − window, and stamps grow) and counted:
 * `limit` of them, so k was never written. The same argument with `limit − reserve` bounds
 * snapshot calls alone, which leaves `reserve` calls of every window to lookups.
 */

export type CallKind = 'lookup' | 'snapshot';

/** One call that may still count: who took it, and the latest moment (storage clock, ms) it can have arrived. */
export interface LedgerEntry {
  id: string;
  until: number;
}

export interface Ledger {
  /** Entries whose bound is known. */
  entries: LedgerEntry[];
  /**
   * The entry of the write that produced this version: its stamp was not known when it was
   * written, so its bound is `stamp + allowanceMs` (its owner writes a later bound before that
   * one could mislead anyone, see sharedRateBudget.ts).
   */
  pending: { id: string; allowanceMs: number } | null;
  /** Storage time of the write that produced this version (the row's Timestamp); 0 for a new row. */
  stamp: number;
}

export interface LedgerRules {
  limit: number;
  /** Calls of every window snapshots leave to lookups. */
  reserve: number;
  windowMs: number;
  /** How long after its write's stamp a new entry is assumed to have arrived by, until its owner says. */
  allowanceMs: number;
}

export const emptyLedger = (): Ledger => ({ entries: [], pending: null, stamp: 0 });

/** Every entry with its bound, the pending one resolved against the stamp. */
export function boundsOf(ledger: Ledger): LedgerEntry[] {
  const all = ledger.entries.slice();
  if (ledger.pending) all.push({ id: ledger.pending.id, until: ledger.stamp + ledger.pending.allowanceMs });
  return all;
}

/** How many calls of one kind a window may hold. */
export function capacityFor(rules: LedgerRules, kind: CallKind): number {
  return kind === 'lookup' ? rules.limit : Math.max(0, rules.limit - rules.reserve);
}

export type Reservation = { taken: true; next: Ledger } | { taken: false; waitMs: number };

/**
 * A new call of `kind`, to be written at storage time `at` or later (a lower bound of the stamp the
 * write will get: a later stamp only lets fewer entries count). `settled` carries bounds the
 * writer's own finished calls now know exactly; they go out with this write.
 */
export function reserve(
  ledger: Ledger,
  rules: LedgerRules,
  kind: CallKind,
  at: number,
  id: string,
  settled: ReadonlyMap<string, number> = new Map(),
): Reservation {
  const from = at - rules.windowMs;
  const live = applySettled(boundsOf(ledger), settled).filter((entry) => entry.until > from);
  const capacity = capacityFor(rules, kind);
  if (live.length < capacity) return { taken: true, next: { entries: live, pending: { id, allowanceMs: rules.allowanceMs }, stamp: ledger.stamp } };
  if (capacity === 0) return { taken: false, waitMs: rules.windowMs };
  // The window holds `capacity` or more: room comes when the capacity-th latest bound leaves it.
  const untils = live.map((entry) => entry.until).sort((a, b) => b - a);
  return { taken: false, waitMs: Math.max(1, (untils[capacity - 1] as number) + rules.windowMs - at + 1) };
}

/** The ledger with owners' exact bounds written in and entries that no longer count at `at` dropped. */
export function settle(ledger: Ledger, at: number, rules: LedgerRules, settled: ReadonlyMap<string, number>): Ledger {
  const from = at - rules.windowMs;
  return { entries: applySettled(boundsOf(ledger), settled).filter((entry) => entry.until > from), pending: null, stamp: ledger.stamp };
}

function applySettled(entries: LedgerEntry[], settled: ReadonlyMap<string, number>): LedgerEntry[] {
  if (settled.size === 0) return entries;
  return entries.map((entry) => {
    const until = settled.get(entry.id);
    return until === undefined ? entry : { id: entry.id, until };
  });
}

/*
 * Row encoding: the entries as `id,until` pairs (until in base 36, relative to the row's `base`),
 * split over string properties of at most 30,000 characters (Table Storage allows 64 KiB per
 * string property and 1 MiB per entity).
 */
const chunkChars = 30_000;

export interface LedgerColumns {
  base: number;
  pendingId: string;
  pendingAllowanceMs: number;
  [chunk: `entries${number}`]: string;
}

export function encodeLedger(ledger: Ledger): LedgerColumns {
  const base = ledger.entries.reduce((least, entry) => Math.min(least, entry.until), Number.POSITIVE_INFINITY);
  const origin = Number.isFinite(base) ? Math.floor(base) : 0;
  const text = ledger.entries.map((entry) => `${entry.id},${Math.round(entry.until - origin).toString(36)}`).join(';');
  const columns: LedgerColumns = { base: origin, pendingId: ledger.pending?.id ?? '', pendingAllowanceMs: ledger.pending?.allowanceMs ?? 0, entries0: '' };
  for (let i = 0; i * chunkChars < text.length; i++) columns[`entries${i}`] = text.slice(i * chunkChars, (i + 1) * chunkChars);
  return columns;
}

export function decodeLedger(columns: Partial<Record<string, unknown>>, stamp: number): Ledger {
  const base = typeof columns['base'] === 'number' ? columns['base'] : 0;
  let text = '';
  for (let i = 0; typeof columns[`entries${i}`] === 'string'; i++) text += columns[`entries${i}`] as string;
  const entries: LedgerEntry[] = [];
  for (const pair of text ? text.split(';') : []) {
    const [id, offset] = pair.split(',');
    const until = base + parseInt(offset ?? '', 36);
    if (id && Number.isFinite(until)) entries.push({ id, until });
  }
  const pendingId = typeof columns['pendingId'] === 'string' ? columns['pendingId'] : '';
  const allowance = typeof columns['pendingAllowanceMs'] === 'number' ? columns['pendingAllowanceMs'] : 0;
  return { entries, pending: pendingId ? { id: pendingId, allowanceMs: allowance } : null, stamp };
}
