// Reading a large configuration on both cores. Writing YAML as JSON text is most of a document's parse; a
// second thread (yaml-json-worker.ts) does it for the parts of files it claims (reading-parts.ts), while this
// thread builds the documents of each written part with JSON.parse as it arrives and, whenever no part is
// waiting, claims the next part and parses it whole itself. Claims come from one shared counter, so each part
// is parsed once, and neither thread waits for the other until the last part.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { parseChunk, parseFile, parsedFileOf, type ParsedChunk, type ParsedFile } from '../../documents/parse.js';
import { FileDocuments, partTable, type PartTable, type SplitFile, type WrittenDocument } from './reading-parts.js';

/** What the other thread gets: the texts, which part each claim is, the counter of the next claim, and where to post. */
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

/** A file to parse: its text, and its name as messages give it. */
export interface FileText {
  readonly text: string;
  readonly name: string;
}

/** Every file parsed once, in input order: on both cores when the files are large enough, else here. */
export async function parseEach(files: readonly FileText[]): Promise<ParsedFile[]> {
  const reading = ParallelReading.start(files);
  if (!reading) return files.map((file) => parseFile(file.text, file.name));
  try {
    return await reading.parseAll();
  } finally {
    await reading.close();
  }
}

/** A file whose parts are being parsed: its documents, those parsed so far, and how many parts are left. */
interface FileInProgress {
  readonly split: SplitFile;
  readonly parsed: ParsedChunk[];
  left: number;
}

export class ParallelReading {
  private readonly files: readonly FileText[];
  private readonly table: PartTable;
  /** This thread's split of each file, made when the file's first part is taken. */
  private readonly documents: FileDocuments;
  private readonly next: Int32Array;
  private readonly results: MessagePort;
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  private constructor(files: readonly FileText[]) {
    const claims = new SharedArrayBuffer(4);
    const channel = new MessageChannel();
    const texts = files.map((file) => file.text);
    this.files = files;
    this.table = partTable(texts);
    this.documents = new FileDocuments(texts, this.table);
    this.next = new Int32Array(claims);
    this.results = channel.port1;
    this.worker = startWorker(new URL('./yaml-json-worker.js', import.meta.url), { texts, table: this.table, claims, results: channel.port2 });
    // A thread that fails leaves its claimed parts to this one.
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', () => resolve());
      this.worker.once('error', () => resolve());
    });
  }

  /** A second thread for these texts when they are large enough to be worth it. */
  static start(files: readonly FileText[]): ParallelReading | undefined {
    let size = 0;
    for (const file of files) size += file.text.length;
    // One large file is worth it too: its parts are shared like those of many files.
    return size >= WORTH_A_THREAD ? new ParallelReading(files) : undefined;
  }

  /** Whether every part has been claimed by one thread or the other. */
  get allClaimed(): boolean {
    return Atomics.load(this.next, 0) >= this.table.file.length;
  }

  /** Every file parsed once, in input order. */
  async parseAll(): Promise<ParsedFile[]> {
    const claims = this.table.file.length;
    const results = new Array<ParsedFile>(this.files.length);
    const taken = new Uint8Array(claims);
    let left = claims;
    const inProgress = new Map<number, FileInProgress>();
    // A part's documents are parsed as soon as it is written (or claimed here), so no file waits for the end.
    const take = (claim: number, json: readonly WrittenDocument[] | undefined) => {
      if (taken[claim]) return;
      taken[claim] = 1;
      left--;
      const index = this.table.file[claim]!;
      const part = this.table.part[claim]!;
      const { name, text } = this.files[index]!;
      let file = inProgress.get(index);
      if (!file) {
        const split = this.documents.of(index);
        inProgress.set(index, (file = { split, parsed: new Array<ParsedChunk>(split.chunks.length), left: this.table.parts[index]! }));
      }
      const { chunks, first } = file.split;
      for (let i = first[part]!, k = 0; i < first[part + 1]!; i++, k++) file.parsed[i] = parseChunk(chunks[i]!, name, i, json?.[k]);
      if (--file.left > 0) return;
      inProgress.delete(index);
      results[index] = parsedFileOf(text, name, file.parsed);
    };
    for (;;) {
      // Parts the other thread has written first: they are cheap to finish, and it keeps claiming meanwhile.
      const arrived = receiveMessageOnPort(this.results);
      if (arrived) {
        const { claim, json } = arrived.message as WrittenPart;
        take(claim, json);
        continue;
      }
      const claim = Atomics.add(this.next, 0, 1);
      if (claim >= claims) break;
      take(claim, undefined);
    }
    // Only the other thread's last claims are left: wait for them, or for it to stop.
    if (left > 0) {
      await new Promise<void>((resolve) => {
        this.results.on('message', ({ claim, json }: WrittenPart) => {
          take(claim, json);
          if (left === 0) resolve();
        });
        void this.exited.then(() => {
          for (let arrived = receiveMessageOnPort(this.results); arrived; arrived = receiveMessageOnPort(this.results)) {
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
    this.results.close();
    await this.worker.terminate();
  }
}
