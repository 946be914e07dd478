import { Option, type Command } from 'commander';
import { CliExit } from '../io.js';

export interface SourceFlags {
  demo?: boolean;
  output?: string;
}

export function addSourceOptions(command: Command): Command {
  return command
    .option('--demo', 'use the built-in demo mesh (the travel agency of the Kiali labs)')
    .addOption(new Option('-o, --output <FORMAT>', 'output format').choices(['table', 'json']).default('table'));
}

export function outputFormat(flags: SourceFlags): 'table' | 'json' {
  if (flags.output === 'json' || flags.output === 'table') return flags.output;
  throw new CliExit(2, `unknown output format ${flags.output}`);
}
