// The one contract every config source implements: a directory of YAML files (files/) and the Kubernetes API
// (kube/); the demo is a directory too. A source reads objects and follows their changes; the
// core MeshStore turns those into revisions. The contract in words is src/sources/README.md.
import type { Change, ObjectRef, Problem, SourceContents } from '../core/index.js';
import type { ObjectDocument } from '../documents/object-document.js';

export type { ObjectDocument };

/** `syncing` until the first complete read; `reconnecting` while catching up after a lost watch. */
export type ConnectionState = 'connected' | 'syncing' | 'reconnecting' | 'error';

export interface ForbiddenNamespace {
  readonly namespace: string;
  /** What the backend said, e.g. kube-apiserver's 403 message. */
  readonly reason: string;
}

export interface ResourceStatus {
  readonly kind: string;
  /** The version read, or null when the backend does not serve the kind. */
  readonly apiVersion: string | null;
  readonly state: ConnectionState | 'absent' | 'forbidden';
  readonly objects: number;
  readonly message: string | null;
}

/** The connection of a source that has one (a cluster); files have none. */
export interface SourceStatus {
  /** For people: "https://10.0.0.1:6443 (context prod)". */
  readonly source: string;
  readonly state: ConnectionState;
  readonly lastError: { readonly message: string; readonly at: string } | null;
  /** When the source last became fully in step with its backend (initial sync or recovery), ISO time. */
  readonly lastSyncTime: string | null;
  /** Namespaces left out because the credential may not read them, and why. */
  readonly forbiddenNamespaces: readonly ForbiddenNamespace[];
  readonly resources: readonly ResourceStatus[];
}

export type SourceEvent =
  /**
   * Objects changed; `problems` is the source's whole problem list as it now is, and `texts` its file
   * texts (sources with files). Already in contents().
   */
  | {
      readonly type: 'changes';
      readonly changes: readonly Change[];
      readonly problems: readonly Problem[];
      readonly texts?: ReadonlyMap<string, string>;
      /** Where the changes were made, for people: the files whose text changed (sources with files). */
      readonly origins?: readonly string[];
    }
  /** The source cannot say what changed (a resync, a namespace hidden): read contents() again. */
  | { readonly type: 'reset' }
  | { readonly type: 'status'; readonly status: SourceStatus };

/**
 * A write of one object as text. Every change but create names the version it was based on: the source
 * refuses it (conflict) when the object changed since, so an edit never silently overwrites someone else's.
 * `dryRun` runs every check of a real write (admission, schema, RBAC) and stores nothing.
 */
export type WriteRequest =
  | { readonly op: 'create'; readonly text: string; readonly dryRun?: boolean }
  | { readonly op: 'replace'; readonly ref: ObjectRef; readonly text: string; readonly version: string; readonly dryRun?: boolean }
  | { readonly op: 'delete'; readonly ref: ObjectRef; readonly version: string; readonly dryRun?: boolean };

/** Why a write was refused. Line and column of `problems` point into the text that was sent. */
export type WriteRefusal =
  | { readonly code: 'read-only'; readonly message: string }
  /** The backend refused this identity (Kubernetes RBAC). */
  | { readonly code: 'forbidden'; readonly message: string }
  | { readonly code: 'not-found'; readonly message: string }
  /** `current`, when the source knows it: the object as it is now, so the editor can reload or re-apply. */
  | { readonly code: 'conflict'; readonly message: string; readonly current?: ObjectDocument }
  | { readonly code: 'invalid'; readonly message: string; readonly problems: readonly Problem[] }
  /** The backend could not be reached; nothing was written. */
  | { readonly code: 'unavailable'; readonly message: string };

export type WriteResult =
  /** `file`: where the object lives, for people (a file name, or `Kind/namespace/name` for a cluster). */
  | { readonly ok: true; readonly ref: ObjectRef; readonly file: string }
  | ({ readonly ok: false } & WriteRefusal);

export interface ConfigSource {
  /** For people: where the objects come from ("3 files in ./mesh", "https://10.0.0.1:6443 (context prod)"). */
  readonly description: string;
  /** Set when every write is refused (`--view-only`, files that cannot be written); the console shows it. */
  readonly readOnlyReason: string | undefined;
  /** Resolves once the first complete read is there; rejects when the source cannot start at all. */
  ready(): Promise<void>;
  /** The objects that count (first definitions, in load order) and the problems of reading them. */
  contents(): SourceContents;
  /**
   * Hears every change batch and status change. Read-your-writes: a successful write() resolves after the
   * source announced its own change, so whoever follows the source already has it.
   */
  subscribe(listener: (event: SourceEvent) => void): () => void;
  write(request: WriteRequest): Promise<WriteResult>;
  /**
   * Why this source's identity may not change `ref` (or Istio config at all, without one); undefined when
   * it may. Only sources whose identity decides (a cluster's RBAC) ask anything.
   */
  writeAccess(ref?: ObjectRef): Promise<string | undefined>;
  /** The connection, for sources that keep one (a cluster); undefined for files and memory. */
  status(): SourceStatus | undefined;
  /** Stops every watch and timer; contents() stays readable but no longer changes. */
  close(): Promise<void>;
}

/** The refusal of a write to a read-only source, in one wording. */
export function readOnlyRefusal(reason: string): WriteResult {
  return { ok: false, code: 'read-only', message: `read-only: ${reason}` };
}
