import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { apiDocumentsFolder, builtApiDocument, openApiFileName } from '../../shared/api/builtApiDocument';
import { ApiDescriptionMissingError } from '../../shared/errors/appErrors';
import { problemFor } from '../../shared/http/problemMapping';
import { apiDocuments } from '../../scripts/api/apiDocuments';
import { writeApiDocuments } from '../../scripts/api/writeApiDocuments';
import { useSettings } from '../support/appState';
import { invokeHttp } from '../support/invokeHttp';

// What `npm run build` does after tsc: the functions serve these files.
beforeAll(() => writeApiDocuments(apiDocumentsFolder));
beforeEach(() => useSettings());

const { openApi, swagger } = apiDocuments();

describe('openApiDocument and swaggerDocument', () => {
  it('serves the built OpenAPI document with servers set to the address it was asked at', async () => {
    const response = await invokeHttp('openApiDocument', 'openapi.json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ ...openApi, servers: [{ url: 'http://localhost:7071/api' }] });
  });

  it('serves the built Swagger document with the host, scheme and base path it was asked at', async () => {
    const response = await invokeHttp('swaggerDocument', 'swagger.json');
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ ...swagger, host: 'localhost:7071', basePath: '/api', schemes: ['http'] });
  });

  it('gives an ETag and answers 304 to it', async () => {
    const first = await invokeHttp('openApiDocument', 'openapi.json');
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await invokeHttp('openApiDocument', 'openapi.json', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('refuses an unknown query parameter with a 400 problem', async () => {
    const response = await invokeHttp('swaggerDocument', 'swagger.json?format=yaml');
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ parameter: 'format' })]);
  });

  it('fails with an ApiDescriptionMissingError (answered 500) that says to build the app while the document is not built, and reads it once it is', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'oc-numbers-unbuilt-'));
    try {
      const document = builtApiDocument(openApiFileName, folder);
      const failure = await document.read().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiDescriptionMissingError);
      expect(problemFor(failure)).toMatchObject({ status: 500, detail: expect.stringContaining('npm run build') });
      await writeApiDocuments(folder);
      await expect(document.read()).resolves.toEqual(openApi);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
