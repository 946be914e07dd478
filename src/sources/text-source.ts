// A source whose objects live in YAML text that people edit (files today): the console's editor reads and
// writes through it, so comments and the other documents of a file survive a save, and positions are exact.
// Sources that hold objects rather than text (Kubernetes) implement ConfigSource (config-source.ts).
import type { ObjectRef, Problem } from '../core/index.js';
import type { SourceStatus } from './config-source.js';
import type { LoadedSource } from './files/load.js';

export interface TextChange {
  /** Files whose objects changed. */
  readonly files: readonly string[];
}

/** One object's text and version, for sources whose objects are not text of their own (a cluster). */
export interface ObjectDocument {
  readonly text: string;
  /** What a write names as the version it was based on (Kubernetes: metadata.resourceVersion). */
  readonly version: string;
}

/** Why a write was refused. Line and column point into the text that was sent. */
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

export type TextWriteResult = { readonly ok: true; readonly ref: ObjectRef; readonly file: string } | ({ readonly ok: false } & WriteRefusal);

export interface TextSource {
  /** For people: where the objects come from. */
  readonly description: string;
  /** Set when writes are refused; the console shows it as a banner. */
  readonly readOnlyReason: string | undefined;
  /** The objects with the text they were read from. */
  current(): LoadedSource;
  /** Called after the objects changed, by a write or from outside; returns the unsubscribe function. */
  onChange(listener: (change: TextChange) => void): () => void;
  /** Replaces one object's document; `version` is the one read (documentVersion of its text). */
  update(ref: ObjectRef, text: string, version: string): Promise<TextWriteResult>;
  create(text: string): Promise<TextWriteResult>;
  remove(ref: ObjectRef, version: string): Promise<TextWriteResult>;
  close(): Promise<void>;
  /** Sources whose objects have no text of their own (a cluster): the YAML the editor shows for one. */
  document?(ref: ObjectRef): ObjectDocument | undefined;
  /**
   * Sources whose identity decides what may be written (a cluster): why `ref` may not be changed, or
   * without `ref` Istio config in general; undefined when it may. Asked per request, so it may be async.
   */
  writeAccess?(ref?: ObjectRef): Promise<string | undefined>;
  /** Sources with a connection to keep (a cluster): its state, for /healthz and the masthead. */
  status?(): SourceStatus;
  onStatus?(listener: (status: SourceStatus) => void): () => void;
}
