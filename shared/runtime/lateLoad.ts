/**
 * A module loaded on its first use instead of when the worker registers its functions: the Table
 * Storage, queue and identity SDKs and axios cost a cold start tens to hundreds of milliseconds, and
 * most invocations never need some of them. Pass the caller's own `require`, so the specifier
 * resolves from the caller's folder (sources and compiled code alike); `typeof import('…')` names the type.
 */
export function lateLoad<T>(callerRequire: NodeJS.Require, specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= callerRequire(specifier) as T);
}
