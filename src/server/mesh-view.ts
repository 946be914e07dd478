// One revision of the mesh as the server answers about it: the loaded objects, one engine, and the heavy
// answers (status, validations, posture) computed once on first use and shared by every request.
import { formatRef, MtlsEngine, statusReport, type MeshObject, type StatusReport } from '../core/index.js';
import type { LoadedSource } from '../sources/files/load.js';
import { validateAll, validateObjects, validationReport, type ObjectChecks, type ValidationReport } from './validation.js';

export class MeshView {
  readonly revision: number;
  readonly loaded: LoadedSource;
  readonly engine: MtlsEngine;
  private statusMemo: StatusReport | undefined;
  private validationsMemo: ReadonlyMap<MeshObject, ObjectChecks> | undefined;
  private reportMemo: ValidationReport | undefined;
  private readonly byRef = new Map<string, MeshObject>();

  constructor(loaded: LoadedSource, revision: number) {
    this.loaded = loaded;
    this.revision = revision;
    this.engine = loaded.engine ?? new MtlsEngine(loaded.snapshot);
    for (const object of loaded.snapshot.objects) {
      const key = formatRef(object);
      if (!this.byRef.has(key)) this.byRef.set(key, object);
    }
  }

  /** Computes what every page needs, so the first page load after start does not pay for it. */
  warm(): void {
    this.status();
    this.validations();
  }

  get snapshot() {
    return this.loaded.snapshot;
  }

  object(kind: string, namespace: string, name: string): MeshObject | undefined {
    return this.byRef.get(formatRef({ kind, namespace, name }));
  }

  status(): StatusReport {
    this.statusMemo ??= statusReport(this.engine);
    return this.statusMemo;
  }

  /** Every validated object of the snapshot. */
  validations(): ReadonlyMap<MeshObject, ObjectChecks> {
    this.validationsMemo ??= new Map(validateAll(this.engine).map((v) => [v.object, v]));
    return this.validationsMemo;
  }

  /** One object's checks; uses the full run when it exists, else checks only this object. */
  validationOf(object: MeshObject): ObjectChecks | undefined {
    if (this.validationsMemo) return this.validationsMemo.get(object);
    return validateObjects(this.engine, [object])[0];
  }

  /** The `meshlock validate -o json` report, built on first request. */
  report(): ValidationReport {
    this.reportMemo ??= validationReport(this.loaded);
    return this.reportMemo;
  }
}
