import path from 'node:path';
import { openApiFileName, swaggerFileName } from '../../shared/api/builtApiDocument';
import { apiDocuments } from './apiDocuments';
import { jsonText, writeFileAtomically } from './writeFileAtomically';

/** Writes openapi.json and swagger.json where the app reads them. */
export async function writeApiDocuments(folder: string): Promise<void> {
  const { openApi, swagger } = apiDocuments();
  await writeFileAtomically(path.join(folder, openApiFileName), jsonText(openApi));
  await writeFileAtomically(path.join(folder, swaggerFileName), jsonText(swagger));
}
