import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../http/apiError';

export type JsonObject = Record<string, unknown>;

/** Compiled code runs from dist/shared/api, the sources (tests) from shared/api: both find the build output in <app>/dist/api. */
export const appRoot = path.resolve(__dirname, __filename.endsWith('.ts') ? '../..' : '../../..');
export const apiDocumentsFolder = path.join(appRoot, 'dist', 'api');
export const openApiFileName = 'openapi.json';
export const swaggerFileName = 'swagger.json';

export interface BuiltApiDocument {
  read(): Promise<JsonObject>;
}

/** A document `npm run build` wrote, read on first use and kept; a failed read is retried on the next call. */
export function builtApiDocument(fileName: string, folder: string = apiDocumentsFolder): BuiltApiDocument {
  let document: Promise<JsonObject> | undefined;
  return {
    read() {
      document ??= readFile(path.join(folder, fileName), 'utf8')
        .then((text) => JSON.parse(text) as JsonObject)
        .catch((error: unknown) => {
          document = undefined;
          throw new ApiError(500, 'api-description-missing', 'The API description is missing', `${fileName} was not built with the app: npm run build writes it to dist/api.`, {
            logReason: error instanceof Error ? error.message.split('\n')[0] ?? error.name : 'unreadable',
          });
        });
      return document;
    },
  };
}
