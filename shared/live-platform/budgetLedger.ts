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
 * `limit` of them, so k was never written. The same argument, counting snapshot entries only,
 * bounds snapshot calls alone by `limit − reserve` in every window written while a lookup has asked
 * within the last window (`lookupAskedAt`), which leaves `reserve` calls of those windows to lookups.
 *
 * The reserve is lent, not wasted: after a whole window in which no lookup asked, snapshot work may
 * fill the window up to the limit. A lookup that then finds the window full writes that it asked
 * (one conditional write), so from then on snapshot work keeps to `limit − reserve` and the next
 * place that frees goes to lookups: the lookup waits, or is told to retry, for at most the time
 * until the oldest call of the window leaves it, never behind a snapshot backlog. Lookups and
 * snapshot work together fill the limit whichever of them has the demand.
 */

export type CallKind = 'lookup' | 'snapshot';

/** One call that may still count: who took it, and the latest moment (storage clock, ms) it can have arrived. */
export interface LedgerEntry {
  id: string;
  until: number;
  /** Snapshot work's call (they alone are held to `limit − reserve` while lookups ask). */
  snapshot?: true;
}

export interface Ledger {
  /** Entries whose bound is known. */
  entries: LedgerEntry[];
  /**
   * The entry of the write that produced this version: its stamp was not known when it was
   * written, so its bound is `stamp + allowanceMs` (its owner writes a later bound before that
   * one could mislead anyone, see sharedRateBudget.ts).
   */
  pending: { id: string; allowanceMs: number; snapshot?: true } | null;
  /** Storage time of the write that produced this version (the row's Timestamp); 0 for a new row. */
  stamp: number;
  /** Storage time (a lower bound) a lookup last asked for a place, taken or not; −∞ when none has. */
  lookupAskedAt: number;
  /**
   * Fallback seats (sharedRateBudget.ts): which instances may make one lookup per window on their
   * own while the store cannot be reached, each until a storage time. At most `limit` unexpired.
   */
  seats: LedgerEntry[];
  /**
   * Storage time the seat list began (−∞ when the row has none yet: one that never had seats, or
   * that lost them — deleted, or rewritten by a version that knew no seats). For a lease after
   * that, no new seats are given (sharedRateBudget.ts, seated).
   */
  seatsSince: number;
}

export interface LedgerRules {
  limit: number;
  /** Calls of every window snapshots leave to lookups. */
  reserve: number;
  windowMs: number;
  /** How long after its write's stamp a new entry is assumed to have arrived by, until its owner says. */
  allowanceMs: number;
}

export const emptyLedger = (): Ledger => ({
  entries: [],
  pending: null,
  stamp: 0,
  lookupAskedAt: Number.NEGATIVE_INFINITY,
  seats: [],
  seatsSince: Number.NEGATIVE_INFINITY,
});

/** Every entry with its bound, the pending one resolved against the stamp. */
export function boundsOf(ledger: Ledger): LedgerEntry[] {
  const all = ledger.entries.slice();
  if (ledger.pending) all.push(withKind({ id: ledger.pending.id, until: ledger.stamp + ledger.pending.allowanceMs }, ledger.pending.snapshot === true));
  return all;
}

/**
 * Whether a call of `kind` fits, at time `at`, among the calls that still count (`live`: bound
 * after `at − windowMs`), and if not, how long until it may. The one rule of both budgets (this
 * ledger and the per-process RateBudget): every call within `limit`; snapshot work within
 * `limit − reserve` as long as a lookup asked within the last window (`lookupAskedAt`), else
 * within the limit too.
 */
export function admission(
  live: readonly { until: number; snapshot?: true }[],
  rules: Pick<LedgerRules, 'limit' | 'reserve' | 'windowMs'>,
  kind: CallKind,
  at: number,
  lookupAskedAt: number,
): { taken: true } | { taken: false; waitMs: number } {
  let waitMs = 0;
  if (live.length >= rules.limit) waitMs = untilRoom(live, rules.limit, rules.windowMs, at);
  const reserveHeld = kind === 'snapshot' && lookupAskedAt > at - rules.windowMs;
  if (reserveHeld) {
    const share = Math.max(0, rules.limit - rules.reserve);
    const snapshots = live.filter((entry) => entry.snapshot);
    // Room comes when enough snapshot calls leave the window, or when lookups have been quiet for one.
    const quietAt = Math.max(1, lookupAskedAt + rules.windowMs - at + 1);
    if (snapshots.length >= share) waitMs = Math.max(waitMs, share === 0 ? quietAt : Math.min(quietAt, untilRoom(snapshots, share, rules.windowMs, at)));
  }
  return waitMs > 0 ? { taken: false, waitMs } : { taken: true };
}

/** Room for one more of `capacity` comes when the capacity-th latest bound leaves the window. */
function untilRoom(live: readonly { until: number }[], capacity: number, windowMs: number, at: number): number {
  if (capacity <= 0) return windowMs;
  const untils = live.map((entry) => entry.until).sort((a, b) => b - a);
  return Math.max(1, (untils[capacity - 1] as number) + windowMs - at + 1);
}

export type Reservation = { taken: true; next: Ledger } | { taken: false; waitMs: number; next?: Ledger };

/** A lookup refused on a ledger whose last ask is older than this writes its ask (so snapshot work stops borrowing the reserve). */
const askAgainAfterShare = 0.5;

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
  const lookupAskedAt = kind === 'lookup' ? Math.max(ledger.lookupAskedAt, at) : ledger.lookupAskedAt;
  const decision = admission(live, rules, kind, at, ledger.lookupAskedAt);
  if (decision.taken) {
    const pending = kind === 'snapshot' ? { id, allowanceMs: rules.allowanceMs, snapshot: true as const } : { id, allowanceMs: rules.allowanceMs };
    return { taken: true, next: { ...ledger, entries: live, pending, lookupAskedAt } };
  }
  const askStale = kind === 'lookup' && ledger.lookupAskedAt <= at - rules.windowMs * askAgainAfterShare;
  return askStale
    ? { taken: false, waitMs: decision.waitMs, next: { ...ledger, entries: live, pending: null, lookupAskedAt } }
    : { taken: false, waitMs: decision.waitMs };
}

/** The ledger with owners' exact bounds written in and entries that no longer count at `at` dropped. */
export function settle(ledger: Ledger, at: number, rules: LedgerRules, settled: ReadonlyMap<string, number>): Ledger {
  const from = at - rules.windowMs;
  return { ...ledger, entries: applySettled(boundsOf(ledger), settled).filter((entry) => entry.until > from), pending: null };
}

function applySettled(entries: LedgerEntry[], settled: ReadonlyMap<string, number>): LedgerEntry[] {
  if (settled.size === 0) return entries;
  return entries.map((entry) => {
    const until = settled.get(entry.id);
    return until === undefined ? entry : withKind({ id: entry.id, until }, entry.snapshot === true);
  });
}

function withKind(entry: { id: string; until: number }, snapshot: boolean): LedgerEntry {
  return snapshot ? { ...entry, snapshot: true } : entry;
}

/*
 * Row encoding: the entries as `id,until` pairs (until in base 36, relative to the row's `base`),
 * with `,s` after snapshot work's, split over string properties of at most 30,000 characters
 * (Table Storage allows 64 KiB per string property and 1 MiB per entity). A row written before
 * entries had kinds reads as lookups only, and without `lookupAskedAt`: for that one window snapshot
 * work may use the reserve. Seats go in `seats` as `id,until` pairs (until in base 36, absolute),
 * from `seatsSince` (0: none).
 */
const chunkChars = 30_000;

export interface LedgerColumns {
  base: number;
  pendingId: string;
  pendingAllowanceMs: number;
  pendingSnapshot: boolean;
  lookupAskedAt: number;
  seats: string;
  seatsSince: number;
  [chunk: `entries${number}`]: string;
}

export function encodeLedger(ledger: Ledger): LedgerColumns {
  const base = ledger.entries.reduce((least, entry) => Math.min(least, entry.until), Number.POSITIVE_INFINITY);
  const origin = Number.isFinite(base) ? Math.floor(base) : 0;
  const text = ledger.entries.map((entry) => `${entry.id},${Math.round(entry.until - origin).toString(36)}${entry.snapshot ? ',s' : ''}`).join(';');
  const columns: LedgerColumns = {
    base: origin,
    pendingId: ledger.pending?.id ?? '',
    pendingAllowanceMs: ledger.pending?.allowanceMs ?? 0,
    pendingSnapshot: ledger.pending?.snapshot === true,
    // Table Storage has no infinities: 0 stands for "no lookup has asked" (no storage time is 0).
    lookupAskedAt: Number.isFinite(ledger.lookupAskedAt) ? ledger.lookupAskedAt : 0,
    seats: ledger.seats.map((seat) => `${seat.id},${Math.floor(seat.until).toString(36)}`).join(';'),
    seatsSince: Number.isFinite(ledger.seatsSince) ? ledger.seatsSince : 0,
    entries0: '',
  };
  for (let i = 0; i * chunkChars < text.length; i++) columns[`entries${i}`] = text.slice(i * chunkChars, (i + 1) * chunkChars);
  return columns;
}

export function decodeLedger(columns: Partial<Record<string, unknown>>, stamp: number): Ledger {
  const base = typeof columns['base'] === 'number' ? columns['base'] : 0;
  let text = '';
  for (let i = 0; typeof columns[`entries${i}`] === 'string'; i++) text += columns[`entries${i}`] as string;
  const entries: LedgerEntry[] = [];
  for (const pair of text ? text.split(';') : []) {
    const [id, offset, kind] = pair.split(',');
    const until = base + parseInt(offset ?? '', 36);
    if (id && Number.isFinite(until)) entries.push(withKind({ id, until }, kind === 's'));
  }
  const pendingId = typeof columns['pendingId'] === 'string' ? columns['pendingId'] : '';
  const allowance = typeof columns['pendingAllowanceMs'] === 'number' ? columns['pendingAllowanceMs'] : 0;
  const pending = pendingId ? { id: pendingId, allowanceMs: allowance, ...(columns['pendingSnapshot'] === true ? { snapshot: true as const } : {}) } : null;
  const asked = columns['lookupAskedAt'];
  const lookupAskedAt = typeof asked === 'number' && asked !== 0 ? asked : Number.NEGATIVE_INFINITY;
  const seats: LedgerEntry[] = [];
  for (const pair of typeof columns['seats'] === 'string' && columns['seats'] ? columns['seats'].split(';') : []) {
    const [id, until] = pair.split(',');
    const time = parseInt(until ?? '', 36);
    if (id && Number.isFinite(time)) seats.push({ id, until: time });
  }
  const since = columns['seatsSince'];
  const seatsSince = typeof since === 'number' && since !== 0 ? since : Number.NEGATIVE_INFINITY;
  return { entries, pending, stamp, lookupAskedAt, seats, seatsSince };
}
