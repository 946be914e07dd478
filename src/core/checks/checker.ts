// The shape of one validation check. One checker per file under checks/<kind>/, registered in registry.ts.
import type { MeshObject } from '../model/types.js';
import type { CheckContext } from './context.js';

/** Kiali's `unknown` severity is shown as info. */
export type Severity = 'error' | 'warning' | 'info';

/** A path into the object: keys as strings, list indexes as numbers (['spec', 'rules', 0, 'from']). */
export type ObjectPath = readonly (string | number)[];

export interface Finding {
  readonly path: ObjectPath;
  /** Overrides the checker's message (e.g. one that names the conflicting object). */
  readonly message?: string;
  /** Overrides the checker's severity (e.g. KIA0202 is a warning with outboundTrafficPolicy ALLOW_ANY). */
  readonly severity?: Severity;
  /** Overrides the checker's effect on `valid`. */
  readonly invalidates?: boolean;
}

export interface Checker {
  /** Kiali's code where Kiali has one (KIA0206), meshlock's own prefix (MSL…) otherwise. */
  readonly code: string;
  /** The kinds of object it looks at. */
  readonly kinds: readonly string[];
  readonly severity: Severity;
  readonly message: string;
  /** Whether a finding makes the object invalid (Kiali's `valid` column). */
  readonly invalidates: boolean;
  /** Pure: no I/O, no state; asks ctx.engine for every mTLS fact. */
  check(object: MeshObject, ctx: CheckContext): readonly Finding[];
}
