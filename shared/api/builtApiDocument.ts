import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiDescriptionMissingError } from '../errors/appErrors';
import { appRoot } from '../runtime/appRoot';

export type JsonObject = Record<string, unknown>;

/** Compiled code and the sources (tests) alike find the build output in <app>/dist/api. */
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
          throw new ApiDescriptionMissingError(fileName, error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : 'unreadable');
        });
      return document;
    },
  };
}
