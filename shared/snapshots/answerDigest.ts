import { createHash } from 'node:crypto';
import type { NumberRecord } from '../numbers/numberRecord';
import type { ContentHashOf } from './numberContent';

/**
 * One hash for a whole upstream answer: each number with its content hash, in number order (the
 * upstream's order is not stable). The tenant's state row keeps the digest of the answer its active
 * ocNumbers rows were last made equal to; an answer with the same digest changes nothing, so the
 * run need not read the partition back (a 100k-number tenant is 100 page reads).
 */
export function answerDigest(records: readonly NumberRecord[], hashOf: ContentHashOf): string {
  const lines = records.map((record) => `${record.telephoneNumber}\t${hashOf(record)}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('base64url');
}

/**
 * The state row's `answerDigest`: the digest tied to the run that wrote it, in the same write that
 * made that run the tenant's `lastRunId`. Any run finishing since — even one of an older version of
 * the app that knows nothing of digests — moves `lastRunId` and so breaks the match.
 */
export function storedDigest(runId: string, digest: string): string {
  return `${runId} ${digest}`;
}
