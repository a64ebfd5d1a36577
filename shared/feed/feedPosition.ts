/**
 * A place in the change feed: every change of commits up to `sequence` is behind it, except that
 * with `after`, the changes of commit `sequence` whose number sorts after `after` are still ahead.
 * Callers see it as an opaque base64url token (`cursor`, `triggerState`); anything that is not
 * one this API issued is refused.
 */
export interface FeedPosition {
  sequence: number;
  after?: string;
}

export class InvalidFeedPositionError extends Error {
  constructor() {
    super('not a change feed position this API issued');
    this.name = 'InvalidFeedPositionError';
  }
}

const version = 1;

export function encodeFeedPosition(position: FeedPosition): string {
  const token: { v: number; s: number; a?: string } = { v: version, s: position.sequence };
  if (position.after !== undefined) token.a = position.after;
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

const e164 = /^\+[1-9][0-9]{1,14}$/;

export function decodeFeedPosition(token: string): FeedPosition {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(token)) throw new InvalidFeedPositionError();
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidFeedPositionError();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InvalidFeedPositionError();
  const { v, s, a, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || v !== version || !Number.isSafeInteger(s) || (s as number) < 0) throw new InvalidFeedPositionError();
  if (a === undefined) return { sequence: s as number };
  if (typeof a !== 'string' || !e164.test(a)) throw new InvalidFeedPositionError();
  return { sequence: s as number, after: a };
}
