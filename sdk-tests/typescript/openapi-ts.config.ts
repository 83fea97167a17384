// Generates the TypeScript client of Roster's OpenAPI document for scripts/sdk-test.sh: the
// types, one function per operation (sdk.gen.ts) and the bundled fetch client, into
// generated/ (git-ignored). Imports get `.js` so that tsc's NodeNext output runs on Node as is.
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../../openapi/openapi.json',
  output: { path: 'generated', clean: true, importFileExtension: '.js' },
  logs: { file: false },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
});
