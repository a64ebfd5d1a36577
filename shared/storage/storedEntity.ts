/**
 * An entity as read, minus what the service adds (`etag`, `timestamp`, `odata.*` metadata), so it
 * can be written back whole: a Replace carrying `odata.metadata` would be refused as a property name.
 */
export function storedProperties<T extends object>(entity: T & { etag?: string; timestamp?: string }): T {
  const properties: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) {
    if (name !== 'etag' && name !== 'timestamp' && !name.startsWith('odata.')) properties[name] = value;
  }
  return properties as T;
}
