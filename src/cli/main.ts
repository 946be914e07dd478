// The meshlock command line. `runCli` is the whole program, so tests run it in-process.
import { Command, CommanderError } from 'commander';
import { edgesCommand, explainCommand } from './commands/edges.js';
import { explainWorkloadCommand } from './commands/explain-workload.js';
import { graphCommand } from './commands/graph.js';
import { certificatesCommand } from './commands/certificates.js';
import { labCommand } from './commands/lab.js';
import { readinessCommand } from './commands/readiness.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { whatifCommand } from './commands/whatif.js';
import { CliExit, type CliIo } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('meshlock')
    .description('Shows, proves and fixes mutual TLS in Istio service meshes.\nEvery answer follows Istio\'s own rules and names the object that decided it.')
    .version('0.1.0')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();
  statusCommand(program, io);
  edgesCommand(program, io);
  explainCommand(program, io, (explain) => explainWorkloadCommand(explain, io));
  validateCommand(program, io);
  readinessCommand(program, io);
  whatifCommand(program, io);
  certificatesCommand(program, io);
  graphCommand(program, io);
  serveCommand(program, io);
  labCommand(program, io);
  program.commands.forEach((c) => c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }));
  return program;
}

/** Runs one command line; resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CliExit) {
      if (error.message) io.err(`meshlock: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.err(`meshlock: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}
