import type { ErrorObject } from 'ajv';
import { queryValidators, recordValidators, settingsValidators } from '../generated/precompiledValidators';

/**
 * A validator ajv's standalone code generator wrote: the call and `errors` of ajv's ValidateFunction,
 * without the compiler behind it (loading and running ajv's compiler was half of the cold start).
 */
export interface PrecompiledValidator<T> {
  (data: unknown): data is T;
  errors?: ErrorObject[] | null;
}

/** The generated module's exports are untyped (it is @ts-nocheck); this names what each one validates. */
function precompiled<T>(validators: Readonly<Record<string, unknown>>, name: string, what = `validator ${name}`): PrecompiledValidator<T> {
  // Own properties only: the generated export objects have Object's prototype.
  const validate = Object.hasOwn(validators, name) ? validators[name] : undefined;
  if (typeof validate !== 'function') throw new Error(`no precompiled ${what}; run npm run validators`);
  return validate as PrecompiledValidator<T>;
}

export const validateSettingsText = precompiled<Record<string, string>>(settingsValidators, 'settings');
export const validateUpstreamRecord = precompiled<Record<string, unknown>>(recordValidators, 'upstreamRecord');
export const validateCoreRecord = precompiled<{ telephoneNumber: string; tenantId?: string | null }>(recordValidators, 'coreRecord');

/** The validator of a record-like document (`snapshotRequestMessage`), typed by its caller. */
export function recordValidator<T>(name: string): PrecompiledValidator<T> {
  return precompiled<T>(recordValidators, name);
}

/** The validator of a route's query (querySchema of its spec), by the route's function name. */
export function queryValidator(routeName: string): PrecompiledValidator<Record<string, string[]>> {
  return precompiled<Record<string, string[]>>(queryValidators, routeName, `query validator for route ${routeName}`);
}
