// `npm run schema:write` regenerates schema.gql; `npm run schema:check [file]` exits 1 when the file differs from the code.
import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printGraphqlSchema } from '../src/graphql/print-schema.js';

const [mode, fileArg] = process.argv.slice(2);
const file = fileArg ?? fileURLToPath(new URL('../../schema.gql', import.meta.url));
const generated = await printGraphqlSchema();

if (mode === 'write') {
  writeFileSync(file, generated);
  console.log(`schema: wrote ${file}`);
} else if (mode === 'check') {
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (committed !== generated) {
    const a = committed.split('\n');
    const b = generated.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    console.error(`schema: ${file} is stale (first difference at line ${line + 1}); run npm run schema:write and commit it.`);
    console.error(`  committed: ${a[line] ?? '<end of file>'}\n  generated: ${b[line] ?? '<end of file>'}`);
    process.exit(1);
  }
  console.log(`schema: ${file} is up to date`);
} else {
  console.error('usage: node dist/scripts/schema.js write|check [file]');
  process.exit(2);
}
