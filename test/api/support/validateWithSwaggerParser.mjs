// Validates each API document file named on the command line with @apidevtools/swagger-parser and
// prints [{ file, error }] as JSON (error null when valid). It runs as its own Node process because
// swagger-parser 13 loads an ES-module-only dependency that jest's CommonJS runtime cannot require.
import SwaggerParser from '@apidevtools/swagger-parser';

const results = [];
for (const file of process.argv.slice(2)) {
  try {
    await SwaggerParser.validate(file);
    results.push({ file, error: null });
  } catch (error) {
    results.push({ file, error: error instanceof Error ? error.message : String(error) });
  }
}
process.stdout.write(JSON.stringify(results));
