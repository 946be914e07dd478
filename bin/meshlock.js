#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` (or `npm start`) produces it.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/run.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('meshlock: not built yet; run `npm run build` in the meshlock directory first');
  process.exit(2);
}
await import(entry.href);
