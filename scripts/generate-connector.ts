// `npm run connector` runs this after the build: connector/ is generated from the route catalog, never edited by hand.
import path from 'node:path';
import { connectorFiles, connectorFolder } from './api/connectorFiles';
import { writeFileAtomically } from './api/writeFileAtomically';

Promise.all(Object.entries(connectorFiles()).map(([name, content]) => writeFileAtomically(path.join(connectorFolder, name), content))).then(
  () => console.log(`Connector written to ${path.relative(process.cwd(), connectorFolder) || '.'}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
