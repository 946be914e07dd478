// The kind table, for the web app (which imports src/api only): what a kind's preferred apiVersion is and
// which kinds are workloads. Declared once in core/model/kinds.ts.
export { isWorkloadKind, KINDS, preferredApiVersion, type KnownKind } from '../core/model/kinds.js';
