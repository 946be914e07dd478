// Child processes of the test cluster: started with their output in a log file (quoted when they fail), and
// stopped with SIGTERM, then SIGKILL. Processes still running when the test process exits are killed, so a
// crashed or interrupted test run leaves no etcd or kube-apiserver behind.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunningProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** The last lines of its log, for error messages. */
  logTail(lines?: number): string;
  /** Resolves once it exited; SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  exited(): boolean;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess(name: string, command: string, args: readonly string[], logFile: string): RunningProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', log, log] });
  closeSync(log);
  running.add(child);
  let exitedAlready = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exitedAlready = true;
      running.delete(child);
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  return {
    name,
    logFile,
    child,
    logTail,
    exited: () => exitedAlready,
    async stop(graceMs = 5_000) {
      if (exitedAlready) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** A port free on 127.0.0.1 right now, for servers that must be told their port up front. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `ready` every 50 ms until it answers true; fails early with the log when the process exits. */
export async function waitUntilReady(process: RunningProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (process.exited()) throw new Error(`${process.name} exited while starting (log ${process.logFile}):\n${process.logTail()}`);
    if (await ready().catch(() => false)) return;
    if (performance.now() > deadline) throw new Error(`${process.name} was not ready after ${timeoutMs} ms (log ${process.logFile}):\n${process.logTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
