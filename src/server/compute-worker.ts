// The compute worker's side (a worker thread started by compute-pool.ts): validation and what-if of sent
// text, against the revision of the mesh the pool last sent. Whatever a body costs, it costs it here, where
// the pool can stop it, and not on the thread that answers every other request.
import { parentPort } from 'node:worker_threads';
import { buildSnapshot, MtlsEngine, type MeshObject } from '../core/index.js';
import { HttpError } from './errors.js';
import type { ComputeJob, ComputeReply, WorkerMessage } from './compute-pool.js';
import { validateText } from './present/validate.js';
import { whatIfChanges } from './present/what-if.js';

let base: { id: number; objects: readonly MeshObject[]; engine?: MtlsEngine } | undefined;

function run(job: ComputeJob): unknown {
  if (!base || base.id !== job.baseId) throw new Error(`the worker holds revision ${base?.id ?? 'none'}, not ${job.baseId}`);
  if (job.type === 'validate') return validateText(base.objects, job.yaml, job.replaces);
  base.engine ??= new MtlsEngine(buildSnapshot(base.objects));
  return whatIfChanges(base.engine, job);
}

parentPort?.on('message', (message: WorkerMessage) => {
  if (message.type === 'base') {
    base = { id: message.id, objects: message.objects };
    return;
  }
  let reply: ComputeReply;
  try {
    reply = { jobId: message.jobId, value: run(message.job) };
  } catch (error) {
    reply =
      error instanceof HttpError
        ? { jobId: message.jobId, error: { status: error.status, code: error.code, message: error.message } }
        : { jobId: message.jobId, error: { status: 500, code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  }
  parentPort?.postMessage(reply);
});
parentPort?.postMessage({ ready: true });
