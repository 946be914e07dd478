// The mesh as a sequence of immutable revisions, one per batch of changes from a source (as istiod builds
// one push context per batch). Every reader — an HTTP request, a CLI run, the lab, the graph — takes one
// revision and uses it for its whole answer, so no answer mixes two states of the mesh.
import { checkers as registeredCheckers } from '../checks/registry.js';
import { DEFAULT_IGNORED_CODES, type ObjectValidation } from '../checks/run.js';
import { Validator } from '../checks/validator.js';
import type { Checker } from '../checks/checker.js';
import { buildSnapshot, type Snapshot } from '../model/snapshot.js';
import type { Change, MeshObject, ObjectRef, Problem } from '../model/types.js';
import { MtlsEngine } from '../mtls/engine.js';

/** What a source holds: its objects (first definitions, in load order) and the problems of reading them. */
export interface SourceContents {
  readonly objects: readonly MeshObject[];
  readonly problems: readonly Problem[];
  /**
   * The text of every file the objects were read from, by the name in their `source` spans, as it was when
   * they were read: a revision's positions and documents come from its own texts, never a newer file.
   */
  readonly texts?: ReadonlyMap<string, string>;
}

const NO_TEXTS: ReadonlyMap<string, string> = new Map();

export interface StoreOptions {
  readonly checkers?: readonly Checker[];
  /** Codes left out unless asked for (Kiali's default ignores KIA1301). */
  readonly ignoredCodes?: ReadonlySet<string>;
}

interface Lineage {
  readonly previous: MeshRevision;
  readonly changes: readonly Change[];
}

export class MeshRevision {
  /** Counts up from 1 within one store. */
  readonly number: number;
  readonly engine: MtlsEngine;
  /** File texts the objects' spans point into (empty for sources without files). */
  readonly texts: ReadonlyMap<string, string>;
  /** The changes since the previous revision; empty for a full reload. */
  readonly changes: readonly Change[];
  private readonly options: Required<StoreOptions>;
  private lineage: Lineage | undefined;
  private validatorValue: Validator | undefined;
  private readonly memos = new Map<string, unknown>();

  constructor(number: number, engine: MtlsEngine, texts: ReadonlyMap<string, string>, options: Required<StoreOptions>, lineage?: Lineage) {
    this.number = number;
    this.engine = engine;
    this.texts = texts;
    this.options = options;
    this.changes = lineage?.changes ?? [];
    this.lineage = lineage;
    // Once the previous revision has been validated, following it costs only what the changes reach.
    if (lineage?.previous.validated) this.validator();
  }

  /** Whether validations were computed for this revision (readers asked for them). */
  get validated(): boolean {
    return this.validatorValue !== undefined;
  }

  get snapshot(): Snapshot {
    return this.engine.snapshot;
  }

  /** The revision's validations, incremental from the previous revision's when it has them. */
  validator(): Validator {
    if (!this.validatorValue) {
      const previous = this.lineage?.previous.validatorValue;
      this.validatorValue = previous
        ? previous.with(this.engine, this.lineage?.changes ?? []).validator
        : Validator.full(this.engine, this.options.checkers, this.options.ignoredCodes);
      // The chain to older revisions is not needed any more; let them go.
      this.lineage = undefined;
    }
    return this.validatorValue;
  }

  validations(): ObjectValidation[] {
    return this.validator().validations();
  }

  validationOf(object: ObjectRef & { readonly apiVersion?: string }): ObjectValidation | undefined {
    return this.validator().validationOf(object);
  }

  /**
   * An answer derived from this revision alone, computed once under `key` and shared by every reader of
   * the revision (the status report, the posture rows). The revision never changes, so neither does it.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = compute();
    this.memos.set(key, value);
    return value;
  }
}

export class MeshStore {
  private readonly options: Required<StoreOptions>;
  private revision: MeshRevision;

  constructor(contents: SourceContents, options: StoreOptions = {}) {
    this.options = { checkers: options.checkers ?? registeredCheckers, ignoredCodes: options.ignoredCodes ?? DEFAULT_IGNORED_CODES };
    this.revision = new MeshRevision(1, new MtlsEngine(buildSnapshot(contents.objects, contents.problems)), contents.texts ?? NO_TEXTS, this.options);
  }

  get current(): MeshRevision {
    return this.revision;
  }

  /**
   * The next revision: the changes applied to the current one (incrementally where the engine can), with
   * the source's problems as they are now.
   */
  apply(changes: readonly Change[], problems: readonly Problem[], texts: ReadonlyMap<string, string> = this.revision.texts): MeshRevision {
    const previous = this.revision;
    const engine = previous.engine.with(changes).withInputProblems(problems);
    if (engine === previous.engine && texts === previous.texts) return previous;
    this.revision = new MeshRevision(previous.number + 1, engine, texts, this.options, { previous, changes });
    return this.revision;
  }

  /** The next revision built from scratch, when a source cannot say what changed (a full resync). */
  reset(contents: SourceContents): MeshRevision {
    const validated = this.revision.validated;
    this.revision = new MeshRevision(this.revision.number + 1, new MtlsEngine(buildSnapshot(contents.objects, contents.problems)), contents.texts ?? NO_TEXTS, this.options);
    // Readers that asked for validations before will ask again; have them ready.
    if (validated) this.revision.validator();
    return this.revision;
  }
}
