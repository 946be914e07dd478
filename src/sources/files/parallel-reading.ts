// Reading a large configuration on both cores. Writing YAML as JSON text is most of a file's parse; a second
// thread (yaml-json-worker.ts) does it for the files it claims, while this thread parses files in order: a
// file the other thread has claimed is awaited and built with JSON.parse, the next unclaimed one is claimed
// and parsed here. Claims come from one shared counter, so each file is written once and the two threads
// balance themselves whatever the file sizes.
import { Worker } from 'node:worker_threads';
import type { DocumentJson } from '../../documents/fast-yaml.js';

/** What the other thread gets: the texts, and the counter of the next unclaimed one. */
export interface ReadingShare {
  readonly texts: readonly string[];
  readonly claims: SharedArrayBuffer;
}

/** One file written by the other thread; `json` is undefined when writing it failed (this thread parses it). */
export interface WrittenFile {
  readonly index: number;
  readonly json: DocumentJson[] | undefined;
}

/**
 * The worker compiled beside this module; when the sources run as TypeScript (the tests, under tsx), its
 * .ts file through tsx's loader, which a worker does not inherit.
 */
function startWorker(compiled: URL, workerData: ReadingShare): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiled, { workerData });
  const source = compiled.href.replace(/\.js$/, '.ts');
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** Below this much text, starting a thread (tens of milliseconds) costs more than it saves. */
const WORTH_A_THREAD = 2_000_000;

export class ParallelReading {
  private readonly next: Int32Array;
  private readonly count: number;
  private readonly worker: Worker;
  private readonly arrived = new Map<number, DocumentJson[] | undefined>();
  private readonly waiting = new Map<number, (json: DocumentJson[] | undefined) => void>();
  private stopped = false;

  private constructor(texts: readonly string[]) {
    const claims = new SharedArrayBuffer(4);
    this.next = new Int32Array(claims);
    this.count = texts.length;
    this.worker = startWorker(new URL('./yaml-json-worker.js', import.meta.url), { texts, claims } satisfies ReadingShare);
    this.worker.on('message', (written: WrittenFile) => this.deliver(written.index, written.json));
    // A thread that fails or ends leaves its claimed files to this one.
    const stop = () => {
      this.stopped = true;
      for (const index of [...this.waiting.keys()]) this.deliver(index, undefined);
    };
    this.worker.on('error', stop);
    this.worker.on('exit', stop);
  }

  /** A second thread for these texts when they are large enough to be worth it. */
  static start(texts: readonly string[]): ParallelReading | undefined {
    let size = 0;
    for (const text of texts) size += text.length;
    return texts.length > 1 && size >= WORTH_A_THREAD ? new ParallelReading(texts) : undefined;
  }

  /**
   * Text `index`'s documents as JSON written by the other thread, or undefined when this thread parses it
   * itself (it just claimed it, or the other thread could not write it). Asked in increasing order.
   */
  written(index: number): Promise<DocumentJson[] | undefined> {
    if (Atomics.compareExchange(this.next, 0, index, index + 1) === index) return Promise.resolve(undefined);
    if (this.arrived.has(index)) {
      const json = this.arrived.get(index);
      this.arrived.delete(index);
      return Promise.resolve(json);
    }
    if (this.stopped) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.set(index, resolve));
  }

  /** How many texts either thread has claimed so far. */
  get claimed(): number {
    return Math.min(Atomics.load(this.next, 0), this.count);
  }

  /** Stops the other thread; files it has not written are not needed. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private deliver(index: number, json: DocumentJson[] | undefined): void {
    const resolve = this.waiting.get(index);
    if (resolve) {
      this.waiting.delete(index);
      resolve(json);
    } else {
      this.arrived.set(index, json);
    }
  }
}
