// `npm run build` runs this after tsc: the openApiDocument and swaggerDocument functions serve what it writes.
import path from 'node:path';
import { apiDocumentsFolder } from '../shared/api/builtApiDocument';
import { writeApiDocuments } from './api/writeApiDocuments';

writeApiDocuments(apiDocumentsFolder).then(
  () => console.log(`API documents written to ${path.relative(process.cwd(), apiDocumentsFolder) || '.'}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
