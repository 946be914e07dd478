// `meshlock serve`: its flags and help. The work is in start-console.ts, loaded when the command runs.
import { Option, type Command } from 'commander';
import { ACCESS_TOKEN_HEADER, AUTH_MODES } from '../../sources/kube/auth-modes.js';
import { CliExit, type CliIo } from '../io.js';
import { PROMETHEUS_FLAG } from '../prometheus-flag.js';
import { addNetworkOptions, DEFAULT_PORT } from './serve-network.js';
import type { ConsoleOptions } from './start-console.js';

function portNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new CliExit(2, `--port must be a number from 0 to 65535, got ${value}`);
  return Number(value);
}

export function serveCommand(program: Command, io: CliIo): void {
  const serve = program
    .command('serve')
    .description('the web console and HTTP API on one port: locks, posture, Istio config editor (API documented at /api/openapi.json)')
    .argument('[SOURCE...]', 'YAML/JSON files or directories; edits are written back to them')
    .option('--demo', 'serve a temporary copy of the built-in demo mesh, run by the lab')
    .option('--kubeconfig <FILE>', 'serve a live cluster through this kubeconfig file; changes show within a second, edits go to the API server')
    .option('--context <NAME>', 'the kubeconfig context to use (default: its current context; with no --kubeconfig, the default kubeconfig)')
    .option('--in-cluster', "serve the cluster meshlock runs in, with its pod's service account")
    .addOption(new Option('--auth <MODE>', "with a cluster, whose identity reads and writes it: anonymous (meshlock's own, default), token (each person signs in with a bearer token), header (a trusted proxy forwards the token)").choices([...AUTH_MODES]))
    .option('--auth-header <NAME>', `with --auth header, the header the proxy puts the token in (default ${ACCESS_TOKEN_HEADER}; Authorization: Bearer is also read)`)
    .option('--port <N>', `port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)`, portNumber)
    .option('--host <H>', 'address to bind (default 127.0.0.1: only this machine can connect); another address without sign-in needs --view-only or --allow-remote-writes')
    .option('--view-only', 'refuse every edit; the console shows a read-only banner')
    .option('--no-lab', 'with --demo, serve the demo files without running the lab')
    .option(PROMETHEUS_FLAG, 'observed traffic for the graph, readiness and what-if from this Prometheus (Istio standard metrics), instead of the lab\'s own store')
    .action(async (paths: string[], flags: Omit<ConsoleOptions, 'paths' | 'cwd' | 'env'> & { lab: boolean }) => {
      // Installed before start-up, so Ctrl+C while the demo copy is being made still removes it on close.
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      const { startConsole } = await import('./start-console.js');
      const running = await startConsole({ paths, ...flags, cwd: io.cwd }, io);
      // Printed as soon as the server listens: files are read after that, and pages wait for them.
      io.out(`meshlock console: ${running.url}\n`);
      // Ctrl+C during a long read stops at once; a read that fails stops the server before the error is told.
      const read = await Promise.race([running.loaded.then((source) => ({ source })), stopped.then(() => undefined)]).catch(async (error: unknown) => {
        await running.close();
        throw error;
      });
      if (!read) return running.close();
      const { source } = read;
      if (!source) io.out(`Reading the cluster with ${flags.auth === 'token' || flags.auth === 'header' ? "each signed-in person's own token" : "meshlock's own credential"}; the connection state is shown in the console and at ${running.url}healthz.\n`);
      if (running.demoCopy) io.out(`Serving the demo mesh from ${running.demoCopy}; edits go to that copy.\n`);
      if (running.labUrl) io.out(`The lab runs it with real mTLS and applies every save: metrics ${running.labUrl}/metrics, probe with \`meshlock lab probe --lab ${running.labUrl} --from outside --to travels.travel-agency:8000\`.\n`);
      if (source?.readOnlyReason) io.out(`Read-only: ${source.readOnlyReason}.\n`);
      io.out('Press Ctrl+C to stop.\n');
      await stopped;
      await running.close();
    });
  addNetworkOptions(serve);
}
