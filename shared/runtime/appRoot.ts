import path from 'node:path';

/**
 * The app's root folder (where package.json, host.json and dist/ are): the sources run from
 * <root>/shared/runtime (tests, ts-jest), the compiled code from <root>/dist/shared/runtime.
 */
export const appRoot = path.resolve(__dirname, __filename.endsWith('.ts') ? '../..' : '../../..');
