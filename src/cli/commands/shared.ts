import { Option, type Command } from 'commander';
import { CliExit } from '../io.js';
import type { SourceOptions } from '../source.js';

export interface SourceFlags extends SourceOptions {
  output?: string;
}

/** SOURCE flags every command shares: the demo, or a live cluster; paths are each command's argument. */
export function addSourceOptions(command: Command): Command {
  return command
    .option('--demo', 'use the built-in demo mesh (the travel agency of the Kiali labs)')
    .option('--kubeconfig <FILE>', 'read a live cluster through this kubeconfig file')
    .option('--context <NAME>', 'the kubeconfig context to use (default: its current context; with no --kubeconfig, the default kubeconfig)')
    .option('--in-cluster', "read the cluster meshlock runs in, with its pod's service account")
    .addOption(new Option('-o, --output <FORMAT>', 'output format').choices(['table', 'json']).default('table'));
}

export function outputFormat(flags: SourceFlags): 'table' | 'json' {
  if (flags.output === 'json' || flags.output === 'table') return flags.output;
  throw new CliExit(2, `unknown output format ${flags.output}`);
}
