// The one interface every config source implements (Kubernetes API, YAML files, the lab): a snapshot and
// the engine over it, change events, writes with optimistic concurrency, an access check and a status.
// The contract in words is src/sources/README.md.
import type { Change, MtlsEngine, ObjectRef, Snapshot } from '../core/index.js';

/** `syncing` until the first complete snapshot; `reconnecting` while catching up after a lost watch. */
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

export interface SourceStatus {
  /** What the source reads, for people: "https://10.0.0.1:6443 (context prod)", "3 files in ./mesh". */
  readonly source: string;
  readonly state: ConnectionState;
  readonly lastError: { readonly message: string; readonly at: string } | null;
  /** When the source last became fully in step with its backend (initial sync or recovery), ISO time. */
  readonly lastSyncTime: string | null;
  /** Namespaces left out of the snapshot because the credential may not read them, and why. */
  readonly forbiddenNamespaces: readonly ForbiddenNamespace[];
  readonly resources: readonly ResourceStatus[];
}

export type SourceEvent =
  /** Applied to `engine()` before listeners hear of them. */
  | { readonly type: 'changes'; readonly changes: readonly Change[] }
  | { readonly type: 'status'; readonly status: SourceStatus };

/** A Kubernetes-shaped document: apiVersion, kind, metadata, and the rest. */
export type RawObject = Readonly<Record<string, unknown>>;

export interface WriteTarget {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/**
 * Every change but create names the version it was based on: the backend refuses it (conflict) when the
 * object changed since, so an edit never silently overwrites someone else's.
 */
export type WriteRequest =
  | { readonly op: 'create'; readonly object: RawObject; readonly dryRun?: boolean }
  /** `object.metadata.resourceVersion` is the version that was edited. */
  | { readonly op: 'replace'; readonly object: RawObject; readonly dryRun?: boolean }
  | { readonly op: 'merge-patch'; readonly target: WriteTarget; readonly patch: RawObject; readonly resourceVersion: string; readonly dryRun?: boolean }
  | { readonly op: 'delete'; readonly target: WriteTarget; readonly resourceVersion: string; readonly dryRun?: boolean };

export interface WriteResult {
  /** The object as stored (or as it would be, for a dry run); undefined after a delete. */
  readonly object: RawObject | undefined;
  readonly dryRun: boolean;
}

export type WriteErrorCode = 'conflict' | 'already-exists' | 'forbidden' | 'invalid' | 'not-found' | 'unsupported' | 'unavailable';

export interface FieldCause {
  /** Dotted path in the object, e.g. `spec.mtls.mode`, for placing the message next to the YAML. */
  readonly field: string;
  readonly message: string;
}

/** A write the backend refused. `message` is written for the person who pressed Save. */
export class SourceWriteError extends Error {
  readonly code: WriteErrorCode;
  readonly causes: readonly FieldCause[];
  /** For a conflict: the object as it is now, so the editor can offer "reload" or "re-apply my change". */
  readonly current: RawObject | undefined;

  constructor(code: WriteErrorCode, message: string, details: { causes?: readonly FieldCause[]; current?: RawObject; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SourceWriteError';
    this.code = code;
    this.causes = details.causes ?? [];
    this.current = details.current;
  }
}

export interface AccessCheck {
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';
  readonly apiVersion: string;
  readonly kind: string;
  /** Omit for the cluster scope. */
  readonly namespace?: string;
  readonly name?: string;
}

export interface AccessDecision {
  readonly allowed: boolean;
  readonly reason: string;
}

export interface ConfigSource {
  /** Resolves once the first complete snapshot is there; rejects when the source cannot start at all. */
  ready(): Promise<void>;
  /** The current engine. Sources may replace it (a full resync), so ask again instead of keeping it. */
  engine(): MtlsEngine;
  /** The engine's snapshot, with the source's load problems. */
  snapshot(): Snapshot;
  /** The object as the backend holds it (with its resourceVersion), for the editor; undefined when absent. */
  object(ref: ObjectRef): RawObject | undefined;
  /** Hears every applied batch of changes and every status change; returns the unsubscribe function. */
  subscribe(listener: (event: SourceEvent) => void): () => void;
  /** Throws SourceWriteError when the backend refuses. */
  write(request: WriteRequest): Promise<WriteResult>;
  /** Whether this source's credential may do something; decides whether edit buttons show. */
  access(check: AccessCheck): Promise<AccessDecision>;
  status(): SourceStatus;
  /** Stops every connection and timer; the source stays readable but no longer changes. */
  close(): Promise<void>;
}
