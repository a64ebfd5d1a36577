// `npm run validators` runs this after tsc, then builds again: shared/generated/precompiledValidators.ts is
// generated from the schemas and route query specs, never edited by hand.
import path from 'node:path';
import { writeFileAtomically } from './api/writeFileAtomically';
import { precompiledValidatorsFile, validatorSource } from './validatorSource';

writeFileAtomically(precompiledValidatorsFile, validatorSource()).then(
  () => console.log(`Validators written to ${path.relative(process.cwd(), precompiledValidatorsFile)}`),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
