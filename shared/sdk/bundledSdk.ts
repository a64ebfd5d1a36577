import { existsSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '../runtime/appRoot';
import { lateLoad } from '../runtime/lateLoad';
import { SdkBundleMissingError } from '../errors/appErrors';

/** The SDK bundles `npm run build` writes (scripts/bundle-sdks.mjs), each from the entry of the same name in this folder. */
export const sdkBundleDir = path.join(appRoot, 'dist', 'sdk');

/** One per entry in this folder; scripts/bundle-sdks.mjs builds the same list. */
export const sdkBundleNames = ['identity', 'axios'] as const;
export type SdkBundleName = (typeof sdkBundleNames)[number];

/**
 * An SDK loaded on its first use from its bundle: one file holding only what the entry exports,
 * where the package is hundreds of files and every credential it has. Loading them is most of what
 * a cold start spends before its first answer (docs/performance.md).
 */
export function bundledSdk<T>(name: SdkBundleName, dir: string = sdkBundleDir): () => T {
  const file = path.join(dir, `${name}.js`);
  const load = lateLoad<T>(require, file);
  let found = false;
  return () => {
    if (!found && !existsSync(file)) throw new SdkBundleMissingError(path.basename(file));
    found = true;
    return load();
  };
}

/** The two bundles, one loader each, for every module that uses them. */
export const identitySdk = bundledSdk<typeof import('./identity')>('identity');
export const axiosSdk = bundledSdk<typeof import('./axios')>('axios');
