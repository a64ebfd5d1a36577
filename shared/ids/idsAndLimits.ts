/**
 * The shapes of the ids the app accepts and answers, and the numeric limits they share: one
 * definition each, for the query specs, the settings schema, the queue message schema and the documents.
 */

/** A GUID in any case, unanchored, for building larger patterns (comma lists in settings). */
export const guidText = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** A GUID in any case: what callers and settings may send. */
export const guidPattern = `^${guidText}$`;
export const guidRegExp = new RegExp(guidPattern);
/** A GUID as the app answers it: lower case. */
export const lowerCaseGuidPattern = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/** The largest 32-bit signed integer: the Live Platform's channel ids, and the largest byte count a setting takes. */
export const maxInt32 = 2147483647;
export const maxChannelId = maxInt32;

/** A caller's X-Correlation-Id: 1 to 128 letters, digits, dots, underscores, colons or hyphens. */
export const correlationIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;
