// Reading a large configuration on both cores. Writing YAML as JSON text is most of a document's parse; a
// second thread (yaml-json-worker.ts) does it for the parts of files it claims (reading-parts.ts), while this
// thread builds the documents of each written part with JSON.parse as it arrives and, whenever no part is
// waiting, claims the next part and parses it whole itself. Claims come from one shared counter, so each part
// is parsed once, and neither thread waits for the other until the last part. The thread is started as soon
// as the files' sizes are known, before their texts are read: a thread takes a few hundred milliseconds to
// start, which would otherwise be spent with this thread parsing alone.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { parseChunk, parseFile, parsedFileOf, type ParsedChunk, type ParsedFile } from '../../documents/parse.js';
import { FileDocuments, partTable, type PartTable, type SplitFile, type WrittenDocument } from './reading-parts.js';

/** What the other thread is sent once the texts are read: the texts, which part each claim is, the counter of the next claim, and where to post. */
export interface ReadingShare {
  readonly texts: readonly string[];
  readonly table: PartTable;
  readonly claims: SharedArrayBuffer;
  readonly results: MessagePort;
}

/** One part written by the other thread: the JSON of each of its documents, in order. */
export interface WrittenPart {
  readonly claim: number;
  readonly json: readonly WrittenDocument[];
}

/** Below this many bytes of files, starting a thread costs more than it saves. */
const WORTH_A_THREAD = 2_000_000;

/**
 * The worker compiled beside this module; when the sources run as TypeScript (the tests, under tsx), its
 * .ts file through tsx's loader, which a worker does not inherit.
 */
function startWorker(compiled: URL): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(compiled);
  const source = compiled.href.replace(/\.js$/, '.ts');
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true });
}

/** A file to parse: its text, and its name as messages give it. */
export interface FileText {
  readonly text: string;
  readonly name: string;
}

/**
 * Every file parsed once, in input order: with `reading`'s second thread when there is one, else here.
 * `parsed` hears of each file as soon as it is whole, in the order they finish, so work on a file's objects
 * can go on while the other thread still parses.
 */
export async function parseEach(files: readonly FileText[], reading: ParallelReading | undefined, parsed: (file: ParsedFile) => void = () => undefined): Promise<ParsedFile[]> {
  if (!reading) {
    return files.map((file) => {
      const whole = parseFile(file.text, file.name);
      parsed(whole);
      return whole;
    });
  }
  reading.share(files);
  return reading.parseAll(parsed);
}

/** A file whose parts are being parsed: its documents, those parsed so far, and how many parts are left. */
interface FileInProgress {
  readonly split: SplitFile;
  readonly parsed: ParsedChunk[];
  left: number;
}

/** A second thread for one read, started before the texts it will share are read; used once, then closed. */
export class ParallelReading {
  private readonly claims = new SharedArrayBuffer(4);
  private readonly next = new Int32Array(this.claims);
  private readonly channel = new MessageChannel();
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private shared: { readonly files: readonly FileText[]; readonly table: PartTable } | undefined;

  private constructor() {
    this.worker = startWorker(new URL('./yaml-json-worker.js', import.meta.url));
    // A thread that fails leaves its claimed parts to this one.
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('error', () => resolve());
    });
  }

  /** A second thread for files of `bytes` in all, when they are large enough to be worth it. */
  static start(bytes: number): ParallelReading | undefined {
    // One large file is worth it too: its parts are shared like those of many files.
    return bytes >= WORTH_A_THREAD ? new ParallelReading() : undefined;
  }

  /** Whether every part has been claimed by one thread or the other. */
  get allClaimed(): boolean {
    return this.shared !== undefined && Atomics.load(this.next, 0) >= this.shared.table.file.length;
  }

  /** Sends the texts to the other thread, which starts claiming parts once it is up. */
  share(files: readonly FileText[]): void {
    if (this.shared) throw new Error('a ParallelReading reads one set of files');
    const texts = files.map((file) => file.text);
    const table = partTable(texts);
    this.shared = { files, table };
    this.worker.postMessage({ texts, table, claims: this.claims, results: this.channel.port2 } satisfies ReadingShare, [this.channel.port2]);
  }

  /** Every shared file parsed once, in input order; `parsed` hears of each as soon as it is whole. */
  async parseAll(parsed: (file: ParsedFile) => void = () => undefined): Promise<ParsedFile[]> {
    if (!this.shared) throw new Error('share the files before parsing them');
    const { files, table } = this.shared;
    // This thread's split of each file, made when the file's first part is taken.
    const documents = new FileDocuments(files.map((file) => file.text), table);
    const claims = table.file.length;
    const results = new Array<ParsedFile>(files.length);
    const taken = new Uint8Array(claims);
    let left = claims;
    const inProgress = new Map<number, FileInProgress>();
    // A part's documents are parsed as soon as it is written (or claimed here), so no file waits for the end.
    const take = (claim: number, json: readonly WrittenDocument[] | undefined) => {
      if (taken[claim]) return;
      taken[claim] = 1;
      left--;
      const index = table.file[claim]!;
      const part = table.part[claim]!;
      const { name, text } = files[index]!;
      let file = inProgress.get(index);
      if (!file) {
        const split = documents.of(index);
        inProgress.set(index, (file = { split, parsed: new Array<ParsedChunk>(split.chunks.length), left: table.parts[index]! }));
      }
      const { chunks, first } = file.split;
      for (let i = first[part]!, k = 0; i < first[part + 1]!; i++, k++) file.parsed[i] = parseChunk(chunks[i]!, name, i, json?.[k]);
      if (--file.left > 0) return;
      inProgress.delete(index);
      results[index] = parsedFileOf(text, name, file.parsed);
      parsed(results[index]);
    };
    for (;;) {
      // Parts the other thread has written first: they are cheap to finish, and it keeps claiming meanwhile.
      const arrived = receiveMessageOnPort(this.channel.port1);
      if (arrived) {
        const { claim, json } = arrived.message as WrittenPart;
        take(claim, json);
        continue;
      }
      const claim = Atomics.add(this.next, 0, 1);
      if (claim >= claims) break;
      take(claim, undefined);
      // The event loop turns between the parts this thread parses itself: a server started beside the read
      // listens and answers /healthz meanwhile, and the modules it is loading compile now instead of after.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Only the other thread's last claims are left: wait for them, or for it to stop.
    if (left > 0) {
      await new Promise<void>((resolve) => {
        this.channel.port1.on('message', ({ claim, json }: WrittenPart) => {
          take(claim, json);
          if (left === 0) resolve();
        });
        void this.exited.then(() => {
          for (let arrived = receiveMessageOnPort(this.channel.port1); arrived; arrived = receiveMessageOnPort(this.channel.port1)) {
            const { claim, json } = arrived.message as WrittenPart;
            take(claim, json);
          }
          for (let claim = 0; claim < claims; claim++) take(claim, undefined);
          resolve();
        });
      });
    }
    return results;
  }

  /** Stops the other thread; parts it has not written are not needed. */
  async close(): Promise<void> {
    this.channel.port1.close();
    await this.worker.terminate();
  }
}
