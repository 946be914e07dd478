// Reading a large configuration on both cores. Writing YAML as JSON text is most of a file's parse; a second
// thread (yaml-json-worker.ts) does it for the files it claims, while this thread builds those files with
// JSON.parse as they arrive and, whenever none is waiting, claims the next file and parses it whole itself.
// Claims come from one shared counter, so each file is parsed once and neither thread waits for the other
// until the last files.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { DocumentJson } from '../../documents/fast-yaml.js';

/** What the other thread gets: the texts, the counter of the next unclaimed one, and where to post. */
export interface ReadingShare {
  readonly texts: readonly string[];
  readonly claims: SharedArrayBuffer;
  readonly results: MessagePort;
}

/** One file written by the other thread; `json` is undefined when writing it failed (this thread parses it). */
export interface WrittenFile {
  readonly index: number;
  readonly json: DocumentJson[] | undefined;
}

/** Below this much text, starting a thread (tens of milliseconds) costs more than it saves. */
const WORTH_A_THREAD = 2_000_000;

/**
 * The worker compiled beside this module; when the sources run as TypeScript (the tests, under tsx), its
 * .ts file through tsx's loader, which a worker does not inherit.
 */
function startWorker(compiled: URL, share: ReadingShare): Worker {
  const options = { workerData: share, transferList: [share.results] };
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiled, options);
  const source = compiled.href.replace(/\.js$/, '.ts');
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Every text parsed once, in input order: on both cores when the texts are large enough, else here. `parse`
 * gets a text's documents as JSON when the other thread wrote them, else undefined (parse the text itself).
 */
export async function parseEach<T>(texts: readonly string[], parse: (index: number, written: DocumentJson[] | undefined) => T): Promise<T[]> {
  const reading = ParallelReading.start(texts);
  if (!reading) return texts.map((_, index) => parse(index, undefined));
  try {
    return await reading.parseAll(parse);
  } finally {
    await reading.close();
  }
}

export class ParallelReading {
  private readonly next: Int32Array;
  private readonly count: number;
  private readonly results: MessagePort;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  private constructor(texts: readonly string[]) {
    const claims = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    this.next = new Int32Array(claims);
    this.count = texts.length;
    this.results = channel.port1;
    this.worker = startWorker(new URL('./yaml-json-worker.js', import.meta.url), { texts, claims, results: channel.port2 });
    // A thread that fails leaves its claimed files to this one.
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('error', () => resolve());
    });
  }

  /** A second thread for these texts when they are large enough to be worth it. */
  static start(texts: readonly string[]): ParallelReading | undefined {
    let size = 0;
    for (const text of texts) size += text.length;
    return texts.length > 1 && size >= WORTH_A_THREAD ? new ParallelReading(texts) : undefined;
  }

  /** How many texts either thread has claimed so far. */
  get claimed(): number {
    return Math.min(Atomics.load(this.next, 0), this.count);
  }

  /**
   * Every text parsed once, in input order: `parse` gets the documents as JSON when the other thread wrote
   * them, else undefined (parse the text itself).
   */
  async parseAll<T>(parse: (index: number, written: DocumentJson[] | undefined) => T): Promise<T[]> {
    const results = new Array<T>(this.count);
    const parsed = new Array<boolean>(this.count).fill(false);
    const take = ({ index, json }: WrittenFile) => {
      if (parsed[index]) return;
      results[index] = parse(index, json);
      parsed[index] = true;
    };
    for (;;) {
      // Files the other thread has written first: they are cheap to finish, and it keeps claiming meanwhile.
      const arrived = receiveMessageOnPort(this.results);
      if (arrived) {
        take(arrived.message as WrittenFile);
        continue;
      }
      const index = Atomics.add(this.next, 0, 1);
      if (index >= this.count) break;
      take({ index, json: undefined });
    }
    // Only the other thread's last claims are left: wait for them, or for it to stop.
    const left = () => parsed.some((done) => !done);
    if (left()) {
      await new Promise<void>((resolve) => {
        this.results.on('message', (written: WrittenFile) => {
          take(written);
          if (!left()) resolve();
        });
        void this.exited.then(() => {
          for (let arrived = receiveMessageOnPort(this.results); arrived; arrived = receiveMessageOnPort(this.results)) take(arrived.message as WrittenFile);
          for (let index = 0; index < this.count; index++) take({ index, json: undefined });
          resolve();
        });
      });
    }
    return results;
  }

  /** Stops the other thread; files it has not written are not needed. */
  async close(): Promise<void> {
    this.results.close();
    await this.worker.terminate();
  }
}
