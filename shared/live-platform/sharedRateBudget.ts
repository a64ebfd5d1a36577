import { randomBytes } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { reserve, settle, type CallKind, type Ledger, type LedgerEntry, type LedgerRules } from './budgetLedger';
import { BudgetSpent, type BudgetClock, type BudgetStatus, type BudgetTicket, type CallBudget, type TakeOptions } from './callBudget';
import { InstanceBudget } from './instanceBudget';

/** The one row of the shared budget. Any failure but a lost race (`conflict`) means the store cannot be reached. */
export interface LedgerStore {
  read(): Promise<{ ledger: Ledger; etag: string | null }>;
  /** Conditional on `etag` (null: the row must not exist yet); the stamp is the storage service's time of the write. */
  write(ledger: Ledger, etag: string | null): Promise<{ etag: string; stamp: number } | 'conflict'>;
}

export interface SharedBudgetOptions {
  rules: LedgerRules;
  /** Calls per window this process may make alone while the store cannot be reached (see fallbackShare). */
  fallbackShare: number;
  clock: BudgetClock;
  instanceId?: string;
  /** For the once-a-minute fallback line when no call is there to log it. */
  log?: Logger;
  /** How long a fallback seat lasts after its holder's last write (seatLeaseMs; tests shorten it). */
  seatLeaseMs?: number;
}

/*
 * Clock offset. A write sent at local s and answered at local e was stamped at σ, so
 * σ − e ≤ offset ≤ σ − s, where offset = storage clock − local monotonic clock. The budget uses the
 * lowest offset these samples allow, minus what the local clock may have drifted since (100 ppm,
 * well above what an NTP-disciplined clock does): "storage time now" is never overestimated, and
 * an overestimate is the only error that could let a call in early.
 */
const driftPerMs = 100e-6;
const sampleLifetimeMs = 10 * 60_000;
/** A refusal is decided on a view of the row at most this old. */
const freshViewMs = 250;
const recoveryProbeMs = 2_000;
const fallbackLogEveryMs = 60_000;
/** Added to an extended bound: bytes already on the wire when the deadline aborted the call. */
const extensionSlackMs = 1_000;
const maxConflicts = 50;
/** How long a fallback seat lasts after the write that last renewed it (storage clock). */
export const seatLeaseMs = 5 * 60_000;

interface OffsetSample {
  low: number;
  high: number;
  at: number;
}

interface View {
  ledger: Ledger;
  etag: string | null;
  /** Local time this view was read or written. */
  at: number;
}

type Attempt = { taken: true; ticket: BudgetTicket } | { taken: false; waitMs: number };

/**
 * The budget every instance shares, kept in one Table Storage row (budgetLedger.ts explains the
 * ledger and why it holds whatever the instances' clocks say). A call costs one conditional write
 * in the common case; the row is read again only after losing a race. Within the process one write
 * is in flight at a time, and lookups go ahead of snapshot work, which waits outside that queue.
 *
 * A new entry is first counted as arriving within `allowanceMs` of its write. If the call's
 * response headers are not back by then, its owner writes a later bound (the call's deadline): it
 * has a whole window to land that write before anyone could rely on the shorter one. Exact bounds
 * of finished calls travel with the owner's next write.
 *
 * When the store cannot be reached, the process falls back to `fallbackShare` lookups per window
 * on its own (InstanceBudget) while snapshot work waits for the store, says so in healthDeep and once a minute in the log, probes the store
 * every two seconds, and on its return writes the calls it made meanwhile into the ledger.
 *
 * Where that share is 0 (more possible instances than calls per window, as with the defaults), an
 * instance instead holds a fallback seat while it makes lookups: one of at most `limit` seats in
 * the row, taken by a lookup's write, renewed by any write of its holder and lasting `seatLeaseMs`
 * after the last of them (on the storage clock). A seat is one lookup per window on the instance's
 * own while the store cannot be reached. Why a full outage stays within the limit: a seat is given
 * to another instance only once a write of that instance's is stamped after the seat's expiry (its
 * estimate of storage time is never too high), and its holder stops using it one window and its
 * call's deadline before that expiry (its estimate of storage time is never too low, offsetHigh);
 * a row that lost its seats (deleted, or rewritten by a version without them) gives none for a
 * lease, until every seat it may have lost has run out. So in any 10 s each of at most `limit`
 * seats carries at most one call. When only some instances cannot reach the store, their seats'
 * calls come on top of what the others take through it — at most one per window each, as with a
 * fixed share (docs/reliability.md).
 */
export class SharedRateBudget implements CallBudget {
  private readonly instanceId: string;
  private counter = 0;
  private view: View | undefined;
  private samples: OffsetSample[] = [];
  /** Exact bounds of this process's finished calls, written with its next write. */
  private readonly settled = new Map<string, number>();
  private busy = false;
  private readonly queue: Array<{ kind: CallKind | 'extension'; resolve: () => void }> = [];
  private fallback: { since: number; sinceIso: string; lastLog: number; stopProbe: () => void } | undefined;
  /**
   * The fallback share, kept for the life of the process and told of every call the shared budget
   * lets in too: a process that goes back and forth between the store and its fallback (a store
   * that times out now and then) never gets a fresh share, so in any window its fallback calls and
   * its own shared ones together stay within the share.
   */
  private readonly own: InstanceBudget;
  /** Calls made in fallback, for the ledger once the store is back (local bounds). */
  private fallbackCalls: Array<{ id: string; untilLocal: number }> = [];
  /** This instance's fallback seat (storage-clock expiry), as the row last said; only when `fallbackShare` is 0. */
  private seat: LedgerEntry | undefined;

  constructor(
    private readonly store: LedgerStore,
    private readonly options: SharedBudgetOptions,
  ) {
    this.instanceId = options.instanceId ?? randomBytes(4).toString('hex');
    const { clock, rules } = options;
    this.own = new InstanceBudget(fallbackRules(rules, Math.max(1, options.fallbackShare)), clock, (untilLocal) => {
      this.fallbackCalls = [...this.fallbackCalls.filter((call) => call.untilLocal > clock.now() - rules.windowMs), { id: this.nextId(), untilLocal }];
    });
  }

  status(): BudgetStatus {
    if (!this.fallback) return { mode: 'shared' };
    return { mode: 'fallback', fallbackShare: this.share(), unreachableSince: this.fallback.sinceIso };
  }

  /** Lookups per window this instance may make on its own now: the fixed share, or 1 while it holds a usable seat. */
  private share(callMs = 0): number {
    if (this.options.fallbackShare > 0) return this.options.fallbackShare;
    const { clock, rules } = this.options;
    const now = clock.now();
    const high = this.offsetHigh(now);
    return this.seat && high !== undefined && now + high + callMs + rules.windowMs + extensionSlackMs < this.seat.until ? 1 : 0;
  }

  /**
   * The row with this instance's seat renewed, or with `claim` (a lookup's write) taken if one is
   * free, at storage time `at` (a lower bound). Instances that only do snapshot work never take one:
   * snapshot work waits for the store anyway.
   */
  private seated(ledger: Ledger, sent: number, claim: boolean): Ledger {
    if (this.options.fallbackShare > 0) return ledger;
    const low = this.offsetLow(sent);
    if (low === undefined) return ledger;
    const at = sent + low;
    const lease = this.options.seatLeaseMs ?? seatLeaseMs;
    const since = Number.isFinite(ledger.seatsSince) ? ledger.seatsSince : at;
    const live = ledger.seats.filter((seat) => seat.until > at);
    const mine = live.some((seat) => seat.id === this.instanceId);
    const mayClaim = claim && live.length < this.options.rules.limit && at >= since + lease;
    const seats = mine || mayClaim ? [...live.filter((seat) => seat.id !== this.instanceId), { id: this.instanceId, until: Math.floor(at + lease) }] : live;
    return { ...ledger, seats, seatsSince: since };
  }

  async check(): Promise<BudgetStatus> {
    if (!this.fallback) {
      try {
        await this.exclusive('lookup', () => this.refresh());
      } catch (error) {
        this.enterFallback(error, this.options.log);
      }
    }
    return this.status();
  }

  async take(kind: CallKind, options: TakeOptions): Promise<BudgetTicket> {
    const { clock } = this.options;
    const started = clock.now();
    for (;;) {
      if (this.fallback && kind === 'snapshot') {
        // Snapshot work waits for the store to come back (fallbackRules): it looks again after each
        // recovery probe, for no longer than its call could take (it could not record its result
        // without the store either; the host delivers the message again).
        this.logFallback(options.log);
        if (clock.now() - started + recoveryProbeMs > Math.min(options.maxWaitMs, options.callMs)) throw new BudgetSpent(recoveryProbeMs);
        await clock.sleep(recoveryProbeMs);
        continue;
      }
      if (this.fallback) return this.takeInFallback(kind, options, started);
      let attempt: Attempt;
      try {
        attempt = await this.exclusive(kind, () => this.attempt(kind, options));
      } catch (error) {
        this.enterFallback(error, options.log);
        continue;
      }
      if (attempt.taken) return attempt.ticket;
      const waited = clock.now() - started;
      if (waited + attempt.waitMs > options.maxWaitMs) throw new BudgetSpent(attempt.waitMs);
      await clock.sleep(attempt.waitMs);
    }
  }

  /** One try under the process's write queue: decide on the view, write, and on a lost race read again. */
  private async attempt(kind: CallKind, options: TakeOptions): Promise<Attempt> {
    const { clock, rules } = this.options;
    if (!this.view) await this.refresh();
    if (this.offsetLow(clock.now()) === undefined) await this.probe();
    for (let conflicts = 0; conflicts < maxConflicts;) {
      const view = this.view as View;
      const sent = clock.now();
      const at = sent + (this.offsetLow(sent) as number);
      const id = this.nextId();
      const settled = new Map(this.settled);
      const adopted = this.adoptable(sent);
      const reservation = reserve(withEntries(view.ledger, adopted), rules, kind, at, id, settled);
      if (reservation.next) reservation.next = this.seated(reservation.next, sent, kind === 'lookup');
      if (!reservation.taken) {
        if (sent - view.at > freshViewMs) {
          await this.refresh();
          continue;
        }
        if (reservation.next) {
          // A refused lookup says it asked, so snapshot work stops borrowing the reserve (budgetLedger.ts).
          const asked = await this.store.write(reservation.next, view.etag);
          if (asked === 'conflict') {
            conflicts++;
            await this.refresh();
            continue;
          }
          this.accept(reservation.next, asked, sent, clock.now(), settled, adopted.length > 0);
        }
        return { taken: false, waitMs: reservation.waitMs };
      }
      const written = await this.store.write(reservation.next, view.etag);
      const answered = clock.now();
      if (written === 'conflict') {
        conflicts++;
        await this.refresh();
        continue;
      }
      this.accept(reservation.next, written, sent, answered, settled, adopted.length > 0);
      return { taken: true, ticket: this.ticket(id, written.stamp, sent, answered, options) };
    }
    return { taken: false, waitMs: 10 };
  }

  private ticket(id: string, stamp: number, sent: number, answered: number, options: TakeOptions): BudgetTicket {
    const { clock, rules } = this.options;
    let done = false;
    let extended = false;
    const own = this.own.record();
    // Headers not back within the allowance: write the latest the call can arrive (its deadline).
    const cancel = clock.later(rules.allowanceMs, () => {
      if (done) return;
      extended = true;
      const until = stamp + (answered - sent) + options.callMs + extensionSlackMs;
      void this.extend(id, until).catch((error: unknown) => this.enterFallback(error, options.log));
    });
    return {
      arrived: () => {
        if (done) return;
        done = true;
        cancel();
        own.arrived();
        const lag = clock.now() - sent;
        // Within the allowance the pending bound already covers it; the exact one tightens it for everyone.
        if (lag <= rules.allowanceMs || extended) this.settled.set(id, stamp + lag + 1);
        else void this.extend(id, stamp + lag + 1).catch((error: unknown) => this.enterFallback(error, options.log));
      },
    };
  }

  /** Writes a later bound for one of this process's calls (ahead of every other write of the process). */
  private async extend(id: string, until: number): Promise<void> {
    await this.exclusive('extension', () =>
      this.writeSettled(
        () => new Map(this.settled).set(id, Math.max(until, this.settled.get(id) ?? 0)),
        (sent) => sent + (this.offsetLow(sent) ?? Number.NEGATIVE_INFINITY),
      ),
    );
  }

  /** A write that changes nothing but tells this process how the storage clock relates to its own. */
  private probe(): Promise<void> {
    return this.writeSettled(
      () => new Map(this.settled),
      () => Number.NEGATIVE_INFINITY,
    );
  }

  /** Writes the row with this process's exact bounds and without the entries that no longer count at storage time `atOf(sent)`; re-reads after a lost race. */
  private async writeSettled(settledNow: () => Map<string, number>, atOf: (sent: number) => number): Promise<void> {
    const { clock, rules } = this.options;
    for (let conflicts = 0; conflicts < maxConflicts; conflicts++) {
      if (!this.view) await this.refresh();
      const view = this.view as View;
      const sent = clock.now();
      const settled = settledNow();
      const next = this.seated(settle(view.ledger, atOf(sent), rules, settled), sent, false);
      const written = await this.store.write(next, view.etag);
      if (written === 'conflict') {
        await this.refresh();
        continue;
      }
      this.accept(next, written, sent, clock.now(), settled, false);
      return;
    }
  }

  private accept(
    next: Ledger,
    written: { etag: string; stamp: number },
    sent: number,
    answered: number,
    settled: ReadonlyMap<string, number>,
    adopted: boolean,
  ): void {
    this.samples = [
      ...this.samples.filter((sample) => answered - sample.at < sampleLifetimeMs).slice(-7),
      { low: written.stamp - answered, high: written.stamp - sent, at: answered },
    ];
    this.view = { ledger: { ...next, stamp: written.stamp }, etag: written.etag, at: answered };
    this.seat = next.seats.find((seat) => seat.id === this.instanceId);
    for (const [id, until] of settled) if (this.settled.get(id) === until) this.settled.delete(id);
    if (adopted) this.fallbackCalls = [];
  }

  private async refresh(): Promise<void> {
    const read = await this.store.read();
    this.view = { ledger: read.ledger, etag: read.etag, at: this.options.clock.now() };
    this.seat = read.ledger.seats.find((seat) => seat.id === this.instanceId);
  }

  /** The lowest storage-minus-local offset the samples allow now; undefined before the first write. */
  private offsetLow(now: number): number | undefined {
    let best: number | undefined;
    for (const sample of this.samples) {
      if (now - sample.at >= sampleLifetimeMs) continue;
      const low = sample.low - driftPerMs * Math.max(0, now - sample.at);
      best = best === undefined ? low : Math.max(best, low);
    }
    return best;
  }

  /** The highest offset the samples allow: turns a local bound into a storage-clock bound that is never too early. */
  private offsetHigh(now: number): number | undefined {
    let best: number | undefined;
    for (const sample of this.samples) {
      const high = sample.high + driftPerMs * Math.max(0, now - sample.at);
      best = best === undefined ? high : Math.min(best, high);
    }
    return best;
  }

  /** Calls made in fallback, on the storage clock, once the offset is known again. */
  private adoptable(now: number): LedgerEntry[] {
    if (this.fallbackCalls.length === 0) return [];
    const high = this.offsetHigh(now);
    if (high === undefined) return [];
    return this.fallbackCalls.map((call) => ({ id: call.id, until: call.untilLocal + high }));
  }

  private nextId(): string {
    this.counter = (this.counter + 1) % 1_679_616;
    return `${this.instanceId}${this.counter.toString(36)}`;
  }

  /** One store operation of this process at a time; extensions first, then lookups, then snapshot work. */
  private async exclusive<T>(kind: CallKind | 'extension', run: () => Promise<T>): Promise<T> {
    if (this.busy) {
      await new Promise<void>((resolve) => {
        const rank = (k: CallKind | 'extension') => (k === 'extension' ? 0 : k === 'lookup' ? 1 : 2);
        const at = this.queue.findIndex((waiting) => rank(waiting.kind) > rank(kind));
        this.queue.splice(at < 0 ? this.queue.length : at, 0, { kind, resolve });
      });
    }
    this.busy = true;
    try {
      return await run();
    } finally {
      const next = this.queue.shift();
      if (next) next.resolve();
      else this.busy = false;
    }
  }

  private enterFallback(error: unknown, log: Logger | undefined): void {
    const { clock, rules } = this.options;
    if (this.fallback) return;
    const now = clock.now();
    const stopProbe = clock.later(recoveryProbeMs, () => void this.probeRecovery());
    this.fallback = { since: now, sinceIso: new Date().toISOString(), lastLog: now, stopProbe };
    this.view = undefined;
    const name = error instanceof Error ? error.name : 'error';
    (log ?? this.options.log)?.warn(
      `Live Platform budget store unreachable (${name}): this instance now takes at most ${this.share()} lookup(s) per ${rules.windowMs / 1000} s on its own, and snapshot work waits, until it is back`,
    );
  }

  private async takeInFallback(kind: CallKind, options: TakeOptions, started: number): Promise<BudgetTicket> {
    const now = this.options.clock.now();
    this.logFallback(options.log);
    // No share, or a seat that could be handed on before this call's window is over: no call.
    if (this.share(options.callMs) === 0) throw new BudgetSpent(this.options.rules.windowMs);
    return this.own.take(kind, { ...options, maxWaitMs: Math.max(0, options.maxWaitMs - (now - started)) });
  }

  /** At most once a minute while the store stays unreachable. */
  private logFallback(log: Logger | undefined): void {
    const fallback = this.fallback;
    const now = this.options.clock.now();
    if (!fallback || now - fallback.lastLog < fallbackLogEveryMs) return;
    fallback.lastLog = now;
    (log ?? this.options.log)?.warn(
      `Live Platform budget store still unreachable since ${fallback.sinceIso}: this instance's share is ${this.share()} lookup(s) per window; snapshot work waits for the store`,
    );
  }

  private async probeRecovery(): Promise<void> {
    const fallback = this.fallback;
    if (!fallback) return;
    try {
      await this.exclusive('extension', async () => {
        await this.refresh();
        await this.probe();
      });
      this.fallback = undefined;
      this.options.log?.info(
        `Live Platform budget store reachable again after ${Math.round((this.options.clock.now() - fallback.since) / 1000)} s: back on the shared budget`,
      );
    } catch {
      this.view = undefined;
      this.logFallback(undefined);
      fallback.stopProbe = this.options.clock.later(recoveryProbeMs, () => void this.probeRecovery());
    }
  }
}

function withEntries(ledger: Ledger, adopted: LedgerEntry[]): Ledger {
  if (adopted.length === 0) return ledger;
  const known = new Set(ledger.entries.map((entry) => entry.id));
  return { ...ledger, entries: [...ledger.entries, ...adopted.filter((entry) => !known.has(entry.id))] };
}

/**
 * In fallback the whole share is the lookups': snapshot work and tenant discovery (the calls that
 * wait for the budget) wait for the store instead. They lose nothing by it — their queue and their
 * results live on the same storage account — and it keeps the fallback's reasoning on the HTTP
 * instances alone (processBudget.ts, fallbackShare).
 */
export function fallbackRules(rules: LedgerRules, share: number): LedgerRules {
  return { ...rules, limit: share, reserve: share };
}
