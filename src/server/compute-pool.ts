// Validation and what-if of sent text run on a worker thread, one at a time, each within a time budget. A body
// built to be slow (the reliability review's F6: one 1 MiB request held every request for 403 s) then costs
// only itself: the worker is stopped at the budget and the request answered 422, while the event loop keeps
// answering /livez, /api/status and everyone else. The worker keeps the mesh revision it was last sent.
import { Worker } from 'node:worker_threads';
import type { ErrorCode, ObjectRef, ValidateResponse } from '../api/schemas.js';
import type { MeshObject, SeenTrafficRow, Snapshot } from '../core/index.js';
import { HttpError } from './errors.js';
import type { whatIfChanges } from './present/what-if.js';

export type ComputeJob =
  | { readonly type: 'validate'; readonly baseId: number; readonly yaml: string; readonly replaces?: ObjectRef }
  | { readonly type: 'whatif'; readonly baseId: number; readonly yaml: string; readonly replaces?: ObjectRef; readonly rows: readonly SeenTrafficRow[] | undefined };

interface ComputeResults {
  readonly validate: ValidateResponse;
  readonly whatif: ReturnType<typeof whatIfChanges>;
}

export type WorkerMessage = { readonly type: 'base'; readonly id: number; readonly objects: readonly MeshObject[] } | { readonly type: 'job'; readonly jobId: number; readonly job: ComputeJob };
export type ComputeReply = { readonly jobId: number; readonly value: unknown } | { readonly jobId: number; readonly error: { readonly status: number; readonly code: ErrorCode; readonly message: string } };

export interface ComputePoolOptions {
  /** How long one job may run (default 10 s); beyond it the worker is stopped and the request answered 422. */
  readonly budgetMs?: number;
  /** Jobs that may wait for the worker (default 8); beyond them a request is answered 503. */
  readonly maxWaiting?: number;
  /** The worker's heap (default 512 MiB): a body that needs more is answered 422 too. */
  readonly heapMb?: number;
  /** Where a job's unexpected failure is written (the server's error log). */
  readonly log?: (line: string) => void;
}

interface Pending {
  readonly snapshot: Snapshot;
  readonly job: DistributiveOmit<ComputeJob, 'baseId'>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The worker's entry: compiled JavaScript, or the TypeScript source through tsx when the sources run (tests). */
function startWorker(heapMb: number): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`./compute-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const resourceLimits = { maxOldGenerationSizeMb: heapMb };
  if (!fromSource) return new Worker(entry, { resourceLimits });
  const load = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(load, { eval: true, resourceLimits });
}

export class ComputePool {
  private readonly budgetMs: number;
  private readonly maxWaiting: number;
  private readonly heapMb: number;
  private readonly log: (line: string) => void;
  private readonly waiting: Pending[] = [];
  private readonly baseIds = new WeakMap<Snapshot, number>();
  private nextId = 1;
  private worker: { thread: Worker; ready: Promise<void>; base: number | undefined; failure?: Error } | undefined;
  private busy = false;
  private closed = false;

  constructor(options: ComputePoolOptions = {}) {
    this.budgetMs = options.budgetMs ?? 10_000;
    this.maxWaiting = options.maxWaiting ?? 8;
    this.heapMb = options.heapMb ?? 512;
    this.log = options.log ?? (() => undefined);
  }

  /** Runs `job` against `snapshot` (a MeshView's); rejects with HttpError 422 past the budget, 503 when too many wait. */
  run<J extends DistributiveOmit<ComputeJob, 'baseId'>>(snapshot: Snapshot, job: J): Promise<ComputeResults[J['type']]> {
    if (this.closed) return Promise.reject(new HttpError(503, 'unavailable', 'the server is stopping'));
    if (this.waiting.length >= this.maxWaiting) {
      return Promise.reject(new HttpError(503, 'unavailable', `the server is already checking ${this.waiting.length + 1} texts; try again in a moment`));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ snapshot, job, resolve: resolve as (value: unknown) => void, reject });
      void this.next();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0)) pending.reject(new HttpError(503, 'unavailable', 'the server is stopping'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.thread.terminate();
  }

  private async next(): Promise<void> {
    if (this.busy || this.closed) return;
    const pending = this.waiting.shift();
    if (!pending) return;
    this.busy = true;
    try {
      pending.resolve(await this.execute(pending));
    } catch (error) {
      pending.reject(error);
    } finally {
      this.busy = false;
      void this.next();
    }
  }

  private spawn(): NonNullable<ComputePool['worker']> {
    const thread = startWorker(this.heapMb);
    const ready = new Promise<void>((resolve, reject) => {
      thread.once('message', () => resolve());
      thread.once('exit', () => reject(new Error(`the compute worker did not start${worker.failure ? `: ${worker.failure.message}` : ''}`)));
    });
    // An idle worker must not keep the process alive.
    thread.unref();
    const worker: NonNullable<ComputePool['worker']> = { thread, ready, base: undefined };
    // Kept for the exit that follows: running out of heap is the body's fault, anything else the server's.
    thread.on('error', (error) => (worker.failure = error));
    thread.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  private async execute(pending: Pending): Promise<unknown> {
    const worker = (this.worker ??= this.spawn());
    await worker.ready;
    let baseId = this.baseIds.get(pending.snapshot);
    if (baseId === undefined) this.baseIds.set(pending.snapshot, (baseId = this.nextId++));
    if (worker.base !== baseId) {
      const message: WorkerMessage = { type: 'base', id: baseId, objects: pending.snapshot.objects };
      worker.thread.postMessage(message);
      worker.base = baseId;
    }
    const jobId = this.nextId++;
    const message: WorkerMessage = { type: 'job', jobId, job: { ...pending.job, baseId } as ComputeJob };
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        worker.thread.off('message', onMessage);
        worker.thread.off('exit', onExit);
        settle();
      };
      const stop = (reason: string) => {
        if (this.worker === worker) this.worker = undefined;
        void worker.thread.terminate();
        finish(() => reject(new HttpError(422, 'too-complex', `${reason}; send a smaller text (at most a few thousand objects, without thousands of unknown fields)`)));
      };
      const timer = setTimeout(() => stop(`checking this text took longer than the server's budget of ${this.budgetMs / 1000} s`), this.budgetMs);
      const onMessage = (reply: ComputeReply) => {
        if (reply.jobId !== jobId) return;
        if ('value' in reply) return finish(() => resolve(reply.value));
        const { status, code, message: text } = reply.error;
        if (status >= 500) this.log(`meshlock: compute job ${pending.job.type} failed: ${text}`);
        finish(() => reject(status >= 500 ? new Error(text) : new HttpError(status, code, text)));
      };
      const onExit = () => {
        if (this.worker === worker) this.worker = undefined;
        const failure = worker.failure;
        if ((failure as NodeJS.ErrnoException | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY') return stop('checking this text needed more memory than the server allows');
        this.log(`meshlock: the compute worker stopped during a ${pending.job.type} job: ${failure?.stack ?? 'no error'}`);
        finish(() => reject(failure ?? new Error('the compute worker stopped')));
      };
      worker.thread.on('message', onMessage);
      worker.thread.once('exit', onExit);
      worker.thread.postMessage(message);
    });
  }
}
