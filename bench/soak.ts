// `npm run soak [-- --minutes N]`: `serve --demo` left alone, as someone who opens the console and walks away:
// the demo lab sends its 10 requests/s, nobody asks the console anything. Prints RSS at the start, once a
// minute, at the end and after a forced garbage collection, as JSON. Loopback only; stops by itself
// (default 30 minutes). Run with --expose-gc (the npm script does) so the last figure is after a full GC.
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startConsole } from '../src/cli/commands/start-console.js';
import { round } from './measure.js';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '30' } } });
const minutes = Number(values.minutes);
if (!(minutes > 0)) throw new Error(`--minutes must be a positive number, got ${values.minutes}`);

const rssMb = () => round(process.memoryUsage().rss / 1024 / 1024);
const heapMb = () => round(process.memoryUsage().heapUsed / 1024 / 1024);
const collect = () => (globalThis as { gc?: () => void }).gc?.();

const running = await startConsole({ paths: [], demo: true, port: 0, host: '127.0.0.1', cwd: process.cwd() }, { err: (text) => void process.stderr.write(text) });
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
/** Resolves after `ms`, or at once on Ctrl+C (the report is still printed). */
const sleep = (ms: number) => delay(ms, undefined, { signal: stop.signal }).catch(() => undefined);

try {
  // The first minute is start-up: certificates issued, listeners bound, the console's first answers computed.
  await sleep(60_000);
  collect();
  const start = { rssMb: rssMb(), heapMb: heapMb() };
  const samples: { minute: number; rssMb: number }[] = [];
  const started = performance.now();
  for (let minute = 1; minute <= minutes && !stop.signal.aborted; minute++) {
    await sleep(60_000);
    samples.push({ minute, rssMb: rssMb() });
    process.stderr.write(`soak: minute ${minute}/${minutes}, RSS ${rssMb()} MiB\n`);
  }
  const end = { rssMb: rssMb(), heapMb: heapMb() };
  collect();
  const afterGc = { rssMb: rssMb(), heapMb: heapMb(), gc: typeof (globalThis as { gc?: unknown }).gc === 'function' };
  const elapsedMinutes = (performance.now() - started) / 60_000;
  const report = {
    scenario: 'serve --demo, idle, lab at 10 requests/s',
    node: process.version,
    minutes: round(elapsedMinutes),
    start,
    end,
    afterGc,
    growthMbPerMinute: round((afterGc.rssMb - start.rssMb) / Math.max(elapsedMinutes, 1 / 60)),
    samples,
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
} finally {
  await running.close();
}
