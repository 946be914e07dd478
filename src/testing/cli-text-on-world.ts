// Runs `meshlock <args> DIR` in-process on a completed world written to a fresh temp directory and returns
// its text output, for tests about what a person reads (explanations), not the JSON contracts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeWorld } from './mesh-from-yaml.js';
import { cli } from './run-cli.js';

export async function cliTextOnWorld(args: readonly string[], yaml: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'meshlock-world-'));
  try {
    writeFileSync(join(dir, 'world.yaml'), completeWorld(yaml));
    const run = await cli([...args, dir]);
    if (run.code !== 0) throw new Error(`meshlock ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
