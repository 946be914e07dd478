// Every JSON shape of the HTTP API, declared once. The server validates what it sends against these, the
// web client parses what it receives with them, and types come from z.infer: no hand-written copies.
import * as z from 'zod';

// ---- vocabulary -----------------------------------------------------------------------------

export const Lock = z.enum(['full', 'hollow', 'none']);
/** Roll-up mode of a namespace or the mesh; MIXED when its sidecar ports differ. */
export const RollupMode = z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'MIXED']);
/** Mode one workload port enforces (its sidecar, or ztunnel for ambient: STRICT or PERMISSIVE); NONE outside the mesh. */
export const ServerMode = z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'NONE']);
export const KialiStatus = z.enum([
  'MTLS_ENABLED',
  'MTLS_PARTIALLY_ENABLED',
  'MTLS_NOT_ENABLED',
  'MTLS_DISABLED',
  'UNSET',
  'UNSET_INHERITED_STRICT',
  'UNSET_INHERITED_DISABLED',
]);
/** What carries a workload's traffic: its sidecar, its node's ztunnel (ambient), or nothing. */
export const Dataplane = z.enum(['sidecar', 'ambient', 'none']);
/** A waypoint as `namespace/name`; null when none. */
const WaypointName = z.string().nullable();
/** ISTIO_MUTUAL also stands for Istio mTLS carried in an HBONE tunnel (ambient); see docs/engine.md. */
export const ClientSends = z.enum(['ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE', 'PLAINTEXT']);
export const EdgeOutcome = z.enum(['mtls', 'plaintext', 'tls', 'fail']);
/** Kiali's vocabulary, as `meshlock validate -o json` prints it: `unknown` is shown as info. */
export const Severity = z.enum(['error', 'warning', 'unknown']);
/** `Kind/namespace/name` of the deciding object, or null for Istio's built-in default. */
const DecidedBy = z.string().nullable();

export const ObjectRef = z.object({ kind: z.string().min(1), namespace: z.string(), name: z.string().min(1) });

// ---- CLI contracts (docs/product.md): the API returns the same JSON as `-o json` ------------

export const StatusReport = z.object({
  mesh: z.object({ rootNamespace: z.string(), autoMtls: z.boolean(), mode: RollupMode, lock: Lock, status: KialiStatus, decidedBy: DecidedBy }),
  namespaces: z.array(z.object({ name: z.string(), mode: RollupMode, lock: Lock, status: KialiStatus, decidedBy: DecidedBy })),
  workloads: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      sidecar: z.boolean(),
      dataplane: Dataplane,
      waypoint: WaypointName,
      ports: z.array(z.object({ port: z.number().int(), mode: ServerMode, decidedBy: DecidedBy })),
    }),
  ),
});

export const EdgeReport = z.object({
  source: z.string(),
  destination: z.object({ host: z.string(), port: z.number().int(), namespace: z.string(), workload: z.string().nullable() }),
  clientSends: ClientSends,
  clientDecidedBy: DecidedBy,
  serverMode: ServerMode,
  outcome: EdgeOutcome,
  reason: z.string(),
});

export const EdgesQuery = z.object({
  from: z.string().optional().describe('NAMESPACE/WORKLOAD, or "outside" for a client without sidecar outside the mesh'),
  to: z.string().optional().describe('HOST[:PORT] of a Service or ServiceEntry'),
});

// ---- validations ----------------------------------------------------------------------------

/** Line and column are 1-based, in the text of the same response (the file for reports, the sent text for /api/validate). */
export const Check = z.object({
  code: z.string(),
  severity: Severity,
  message: z.string(),
  /** Kiali's path format: spec/trafficPolicy/tls/mode, spec/rules[0]/from. */
  path: z.string(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  endLine: z.number().int().nullable(),
  endColumn: z.number().int().nullable(),
});

/** `meshlock validate -o json`: checks placed in their files, line and column only. */
export const ReportCheck = Check.pick({ code: true, severity: true, message: true, path: true, line: true, column: true });

export const ValidatedObject = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  namespace: z.string(),
  name: z.string(),
  file: z.string().nullable(),
  valid: z.boolean(),
  checks: z.array(ReportCheck),
});

/** Bad input that stopped an object from loading at all: syntax, missing fields, rejected enum values. */
export const LoadProblem = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
});

/** The JSON of `meshlock validate -o json`. */
export const ValidationReport = z.object({
  objects: z.array(ValidatedObject),
  summary: z.object({
    objects: z.number().int(),
    invalid: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    unknown: z.number().int(),
    problems: z.array(LoadProblem),
  }),
});

export const ValidateBody = z.object({
  yaml: z.string().describe('one or more YAML documents, e.g. the unsaved text of the editor'),
  replaces: ObjectRef.optional().describe('the object this text stands for, so it is validated in its place'),
});

/** Checks of every object in the sent text (with end positions, for editor markers) and what did not load. */
export const ValidateResponse = z.object({
  objects: z.array(ValidatedObject.omit({ file: true, checks: true }).extend({ checks: z.array(Check) })),
  problems: z.array(LoadProblem),
});

export const ValidationCounts = z.object({ objects: z.number().int(), errors: z.number().int(), warnings: z.number().int(), unknown: z.number().int() });

// ---- session and change events --------------------------------------------------------------

export const Session = z.object({
  /** Send back as X-CSRF-Token on every state-changing request. */
  csrfToken: z.string(),
  readOnly: z.boolean(),
  readOnlyReason: z.string().nullable(),
  source: z.string(),
  revision: z.number().int(),
  version: z.string(),
  /** `none` for files; for a cluster, whose identity reads it (`--auth`): `token` asks people to sign in. */
  auth: z.enum(['none', 'anonymous', 'token', 'header']),
});

/** The source's connection, for the masthead and the overview; files are always `connected`. */
export const Connection = z.object({
  cluster: z.boolean(),
  source: z.string(),
  state: z.enum(['connected', 'syncing', 'reconnecting', 'error']),
  lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
  /** When the source last became fully in step with the cluster, ISO time. */
  lastSyncTime: z.string().nullable(),
  /** Namespaces left out because this identity may not read them, with the API server's reason. */
  forbiddenNamespaces: z.array(z.object({ namespace: z.string(), reason: z.string() })),
});

export const ChangeEvent = z.object({ revision: z.number().int(), files: z.array(z.string()) });

// ---- mesh, namespaces, workloads, services ------------------------------------------------

export const MeshSummary = z.object({
  rootNamespace: z.string(),
  mode: RollupMode,
  lock: Lock,
  status: KialiStatus,
  decidedBy: DecidedBy,
  explanation: z.array(z.string()),
  autoMtls: z.boolean(),
  minProtocolVersion: z.string(),
  /** The ConfigMap holding the mesh config, or null when Istio's defaults apply. */
  meshConfig: ObjectRef.nullable(),
});

export const NamespaceSummary = z.object({
  name: z.string(),
  mode: RollupMode,
  lock: Lock,
  status: KialiStatus,
  decidedBy: DecidedBy,
  /** True when no PeerAuthentication of the namespace itself decided: the mode comes from the mesh (or Istio's default). Never for the root namespace, which is the mesh. */
  inherited: z.boolean(),
  explanation: z.array(z.string()),
  injection: z.enum(['enabled', 'disabled', 'unlabelled']),
  workloadCount: z.number().int(),
  sidecarCount: z.number().int(),
  /** Workloads by what carries their traffic; they add up to workloadCount. */
  dataplanes: z.record(Dataplane, z.number().int()),
  /** Why the namespace's pods go to ztunnel (its istio.io/dataplane-mode=ambient label); null when it is not an ambient namespace. */
  ambientReason: z.string().nullable(),
  /** The waypoint the namespace's istio.io/use-waypoint binds, and why (also why none binds); null reason when nothing asks for one. */
  waypoint: WaypointName,
  waypointReason: z.string().nullable(),
  validations: ValidationCounts,
});

export const PortMode = z.object({
  /** The workload (container) port. */
  port: z.number().int(),
  mode: ServerMode,
  lock: Lock,
  decidedBy: DecidedBy,
  explanation: z.array(z.string()),
});

export const WorkloadSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  kind: z.string(),
  sidecar: z.boolean(),
  dataplane: Dataplane,
  /** Why Istio gives the workload this data plane (istio-injection, istio.io/dataplane-mode), in a sentence. */
  dataplaneReason: z.string(),
  waypoint: WaypointName,
  ports: z.array(PortMode),
});

export const ServiceSummary = z.object({
  namespace: z.string(),
  name: z.string(),
  hostname: z.string(),
  ports: z.array(z.object({ port: z.number().int(), name: z.string().nullable(), protocol: z.string(), targetPort: z.union([z.number().int(), z.string()]) })),
});

export const ConfigSummary = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  namespace: z.string(),
  name: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  /** null when the object was not validated (not an Istio kind). */
  valid: z.boolean().nullable(),
  errors: z.number().int(),
  warnings: z.number().int(),
  unknown: z.number().int(),
});

/** A predicted edge, with observed shares when telemetry exists (null otherwise, never a silent zero). */
export const TrafficEdge = EdgeReport.extend({
  mtlsPercent: z.number().nullable(),
  /** Requests (connections for TCP) per second seen on the edge; null when telemetry saw none: a caller possible by configuration only. */
  requestRate: z.number().nullable(),
  /** How telemetry named the caller: itself (NAMESPACE/WORKLOAD), or `outside` when it presented no identity (a caller without sidecar); null when not seen. */
  observedAs: z.string().nullable(),
});

export const Traffic = z.object({
  telemetry: z.boolean(),
  total: z.number().int(),
  /** Edges telemetry saw traffic on, over every edge; they come first in `edges`. */
  seen: z.number().int(),
  /** Outcome counts over every edge, also those beyond `edges`. */
  outcomes: z.record(EdgeOutcome, z.number().int()),
  /** Edges that do not use mTLS first; at most a few hundred. */
  edges: z.array(TrafficEdge),
});

export const NamespaceDetail = NamespaceSummary.extend({
  workloads: z.array(WorkloadSummary),
  services: z.array(ServiceSummary),
  config: z.array(ConfigSummary),
});

export const WorkloadDetail = WorkloadSummary.extend({
  sidecarReason: z.string(),
  /** Why the workload has its waypoint, or why none binds; null outside ambient. */
  waypointReason: z.string().nullable(),
  serviceAccount: z.string(),
  /** SPIFFE identity of the workload's certificate (held by its sidecar, or ztunnel for ambient); null outside the mesh. */
  identity: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  workloadMode: z.object({ mode: ServerMode, lock: Lock, decidedBy: DecidedBy, explanation: z.array(z.string()) }),
  services: z.array(ServiceSummary),
  config: z.array(ConfigSummary),
  inbound: Traffic,
  outbound: Traffic,
});

/** The mode behind one service port: the workload ports it sends to, one mode or MIXED (NONE without any). */
export const ServicePortMode = z.object({
  /** The service port. */
  port: z.number().int(),
  mode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'MIXED', 'NONE']),
  lock: Lock,
  /** The object that decided, when every workload port behind it was decided by the same one. */
  decidedBy: DecidedBy,
});

export const ServiceDetail = ServiceSummary.extend({
  /** Per service port, the lock and mode of the workload ports behind it (the Network section's locks). */
  portModes: z.array(ServicePortMode),
  workloads: z.array(WorkloadSummary),
  config: z.array(ConfigSummary),
  inbound: Traffic,
});

export const NamePath = z.object({ namespace: z.string().min(1), name: z.string().min(1) });
export const NamespacePath = z.object({ namespace: z.string().min(1) });

// ---- security posture -----------------------------------------------------------------------

export const PostureRow = z.object({
  level: z.enum(['mesh', 'namespace', 'workload', 'port']),
  namespace: z.string().nullable(),
  workload: z.string().nullable(),
  port: z.number().int().nullable(),
  mode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'MIXED', 'NONE']),
  lock: Lock,
  sidecar: z.boolean().nullable(),
  /** What carries the workload's traffic (workload and port rows); null for mesh and namespace rows. */
  dataplane: Dataplane.nullable(),
  decidedBy: DecidedBy,
});

export const PostureQuery = z.object({
  level: z.enum(['mesh', 'namespace', 'workload', 'port']).optional(),
  namespace: z.string().optional(),
  notStrict: z.stringbool().optional().describe('only rows whose mode is not STRICT'),
  q: z.string().optional().describe('substring of namespace or workload'),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const PostureExportQuery = PostureQuery.omit({ offset: true, limit: true }).extend({ format: z.enum(['csv', 'json']) });

export const PosturePage = z.object({ total: z.number().int(), rows: z.array(PostureRow) });

// ---- services list --------------------------------------------------------------------------

/** One Service with the mode of the workload ports behind it: MIXED when they differ, NONE without workloads or sidecars. */
export const ServiceRow = ServiceSummary.extend({
  workloads: z.number().int(),
  mode: z.enum(['STRICT', 'PERMISSIVE', 'DISABLE', 'MIXED', 'NONE']),
  lock: Lock,
  /** The object that decided, when every port behind the service was decided by the same one. */
  decidedBy: DecidedBy,
});

export const ServiceListQuery = z.object({
  namespace: z.string().optional(),
  q: z.string().optional().describe('substring of namespace or name'),
  notStrict: z.stringbool().optional().describe('only services whose mode is not STRICT'),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const ServiceListPage = z.object({ total: z.number().int(), rows: z.array(ServiceRow) });

// ---- Istio config ---------------------------------------------------------------------------

export const ConfigQuery = z.object({
  namespace: z.string().optional(),
  kind: z.string().optional(),
  q: z.string().optional().describe('substring of the name'),
  validation: z.enum(['valid', 'warning', 'invalid', 'unvalidated']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const ConfigPage = z.object({
  total: z.number().int(),
  items: z.array(ConfigSummary),
  /** Every kind and namespace present, for the filters. */
  kinds: z.array(z.string()),
  namespaces: z.array(z.string()),
  problems: z.array(LoadProblem),
});

export const ConfigPath = z.object({ namespace: z.string().min(1), kind: z.string().min(1), name: z.string().min(1) });

export const Reference = ObjectRef.extend({ relation: z.string() });

export const ConfigDetail = ConfigSummary.extend({
  /** The object's document as it is in its file, comments included. */
  yaml: z.string(),
  /** Send back on save and delete; a different current value means someone else changed it (409). */
  resourceVersion: z.string(),
  /** 1-based line of the document's first line in `file`. */
  documentLine: z.number().int(),
  editable: z.boolean(),
  readOnlyReason: z.string().nullable(),
  /** Positions are in `yaml`. */
  checks: z.array(Check),
  references: z.array(Reference),
});

export const ConfigWrite = z.object({ yaml: z.string().min(1), resourceVersion: z.string().min(1) });
export const ConfigCreate = z.object({ yaml: z.string().min(1) });
export const ConfigDeleteQuery = z.object({ resourceVersion: z.string().min(1) });
export const Deleted = z.object({ deleted: ObjectRef });

// ---- STRICT readiness, what-if, certificates, evidence ---------------------------------------

const WINDOW_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
/** A look-back window as people type it (30s, 10m, 1h, 7d), in seconds. */
export const LookBack = z
  .string()
  .regex(/^[1-9]\d*[smhd]$/, 'a whole number and a unit: 30s, 10m, 1h, 7d')
  .transform((text) => Number(text.slice(0, -1)) * WINDOW_SECONDS[text.slice(-1) as keyof typeof WINDOW_SECONDS]);

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;
/** Seconds since the epoch from here on are milliseconds typed by mistake (they would be the year 5138). */
const MILLISECONDS_FROM = 100_000_000_000;

/** Seconds since the epoch of TIME, or why TIME is not one. */
function endSeconds(text: string): { seconds: number } | { problem: string } {
  if (/^\d+$/.test(text)) return Number(text) >= MILLISECONDS_FROM ? { problem: 'seconds since the epoch, not milliseconds' } : { seconds: Number(text) };
  const parts = RFC_3339.exec(text);
  if (!parts) return { problem: 'RFC 3339 such as 2026-12-06T14:05:00Z, or whole seconds since the epoch' };
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = parts.slice(1).map((p) => Number(p ?? 0)) as [number, number, number, number, number, number, number, number];
  // Date.parse rolls a day that does not exist over (02-30 is March 2nd), so the fields are checked first.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const exists = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
  if (!exists) return { problem: 'no such date or time' };
  const seconds = Math.floor(Date.parse(text.toUpperCase()) / 1000);
  return seconds < 0 ? { problem: 'before 1970' } : { seconds };
}

/**
 * The end of a traffic window (`--end`, `end=`), as RFC 3339 or whole seconds since the epoch, in seconds
 * since the epoch; absent means now. A JSON body may also send the seconds as a number.
 */
export const WindowEnd = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = endSeconds(String(value).trim());
  if ('seconds' in parsed) return parsed.seconds;
  ctx.addIssue({ code: 'custom', message: parsed.problem });
  return z.NEVER;
});

/** Where observed traffic came from; null when the console has no telemetry source. */
export const TelemetryInfo = z
  .object({
    source: z.string(),
    windowSeconds: z.number().int(),
    /** Why the source did not answer; the answer is then computed without traffic. */
    error: z.string().nullable(),
  })
  .nullable();

export const WhatIfBody = z.object({
  yaml: z.string().describe('the objects to create or replace (YAML, several documents); an object annotated meshlock.io/delete: "true" is deleted instead'),
  replaces: ObjectRef.optional().describe('the object this text stands for (the editor\'s object); removed when the text names another one'),
  window: LookBack.optional().describe('look-back of the observed traffic that weights the edges, such as 10m (the default)'),
  end: WindowEnd.optional().describe('end of that window: RFC 3339 such as 2026-12-06T14:05:00Z, or seconds since the epoch; now when absent'),
});

/** The JSON of `meshlock whatif -o json`, plus what the console shows around it. */
export const WhatIfResponse = z.object({
  changed: z.array(
    z.object({
      source: z.string(),
      destination: EdgeReport.shape.destination,
      before: EdgeOutcome,
      after: EdgeOutcome,
      reason: z.string(),
      requestRate: z.number().nullable(),
      /** The caller as telemetry named it: `outside` for callers without identity; null when nothing was seen. */
      observedAs: z.string().nullable(),
    }),
  ),
  summary: z.object({
    compared: z.number().int(),
    changed: z.number().int(),
    failing: z.number().int(),
    failingObserved: z.number().int(),
    failingRequestRate: z.number().nullable(),
    fixed: z.number().int(),
  }),
  /** An edge with observed traffic (any edge, without telemetry) starts failing. */
  breaks: z.boolean(),
  telemetry: TelemetryInfo,
  /** What could not be read from the sent text; those documents are left out. */
  problems: z.array(LoadProblem),
});

export const ReadinessQuery = z.object({
  namespace: z.string().min(1),
  workload: z.string().optional().describe('one workload of the namespace; the whole namespace when absent'),
  window: LookBack.optional().describe('look-back for observed callers, such as 30s, 10m (the default), 1h, 7d'),
  end: WindowEnd.optional().describe('end of that window: RFC 3339 such as 2026-12-06T14:05:00Z, or seconds since the epoch; now when absent'),
});

const Verdict = z.enum(['ready', 'not-ready']);

export const Readiness = z.object({
  namespace: z.string(),
  workload: z.string().nullable(),
  meshWide: z.boolean(),
  verdict: Verdict,
  /** Every sidecar port already enforces STRICT: nothing to apply. */
  alreadyStrict: z.boolean(),
  reasons: z.array(z.string()),
  telemetry: TelemetryInfo,
  windowSeconds: z.number().int(),
  summary: z.object({ observedCallers: z.number().int(), observedRequestRate: z.number().nullable(), predictedFailures: z.number().int(), blocking: z.number().int() }),
  workloads: z.array(
    z.object({
      namespace: z.string(),
      name: z.string(),
      sidecar: z.boolean(),
      verdict: Verdict,
      reasons: z.array(z.string()),
      /** Callers that sent traffic without mTLS; telemetry has no port label, so per workload. */
      observed: z.array(
        z.object({
          source: z.string(),
          requestRate: z.number(),
          firstSeenSeconds: z.number().nullable(),
          lastSeenSeconds: z.number().nullable(),
          blocking: z.boolean(),
        }),
      ),
      ports: z.array(
        z.object({
          port: z.number().int(),
          mode: ServerMode,
          modeAfter: ServerMode,
          decidedByAfter: DecidedBy,
          verdict: Verdict,
          predicted: z.array(
            z.object({
              source: z.string(),
              host: z.string(),
              port: z.number().int(),
              clientSends: ClientSends,
              cause: z.enum(['outside', 'no-sidecar', 'client-config']),
              reason: z.string(),
              decidedBy: DecidedBy,
              requestRate: z.number().nullable(),
              blocking: z.boolean(),
            }),
          ),
        }),
      ),
    }),
  ),
  /** The STRICT PeerAuthentication to apply: create it, or update `replaces` with it. */
  policy: z.object({ ref: z.string(), replaces: z.string().nullable(), yaml: z.string() }),
});

const CertificateWarning = z.object({
  code: z.enum(['expired', 'expires-soon', 'shorter-than-workload-lifetime', 'rotation-overdue']),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const Certificates = z.object({
  certificates: z.array(
    z.object({
      role: z.enum(['root', 'intermediate', 'workload']),
      subject: z.string(),
      issuer: z.string(),
      serialNumber: z.string().nullable(),
      spiffeId: z.string().nullable(),
      source: z.string(),
      notBefore: z.string(),
      notAfter: z.string(),
      rotatesAt: z.string().nullable(),
      workloads: z.array(z.string()),
      fingerprint256: z.string().nullable(),
      daysLeft: z.number().int(),
      warnings: z.array(CertificateWarning),
    }),
  ),
  warnings: z.array(CertificateWarning),
  workloadLifetimeSeconds: z.number().int(),
  workloadLifetimeFrom: z.string(),
  /** Where certificates were looked for. */
  sources: z.array(z.string()),
  /** Documents that should hold a certificate and do not, or a source that did not answer. */
  problems: z.array(z.string()),
});

export const EvidenceQuery = z.object({ format: z.enum(['csv', 'json']), window: LookBack.optional().describe('look-back of the observed requests, such as 10m (the default)') });

/** One row of the evidence export: mTLS coverage of a namespace. */
export const NamespaceCoverage = z.object({
  namespace: z.string(),
  mode: RollupMode,
  lock: Lock,
  decidedBy: DecidedBy,
  workloads: z.number().int(),
  sidecarWorkloads: z.number().int(),
  ports: z.number().int(),
  strictPorts: z.number().int(),
  strictPortShare: z.number().nullable(),
  requestRate: z.number().nullable(),
  mtlsRequestRate: z.number().nullable(),
  mtlsRequestShare: z.number().nullable(),
});

export type TelemetryInfo = z.infer<typeof TelemetryInfo>;
export type WhatIfResponse = z.infer<typeof WhatIfResponse>;
export type Readiness = z.infer<typeof Readiness>;
export type Certificates = z.infer<typeof Certificates>;
export type NamespaceCoverage = z.infer<typeof NamespaceCoverage>;

// ---- errors -----------------------------------------------------------------------------------

export const ErrorCode = z.enum(['bad-request', 'invalid', 'not-found', 'conflict', 'read-only', 'forbidden', 'too-large', 'too-complex', 'unsupported-media-type', 'internal', 'unauthorized', 'unavailable']);

/** With a conflict, when the source knows it: the object as it is now, to reload or to re-apply an edit on. */
export const CurrentVersion = z.object({ yaml: z.string(), resourceVersion: z.string() });

/** The one error shape of every endpoint. `problems` place invalid input at its line and column. */
export const ApiErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    problems: z.array(z.object({ message: z.string(), line: z.number().int().nullable(), column: z.number().int().nullable() })).optional(),
    current: CurrentVersion.optional(),
  }),
});

export type Lock = z.infer<typeof Lock>;
export type RollupMode = z.infer<typeof RollupMode>;
export type ServerMode = z.infer<typeof ServerMode>;
export type Dataplane = z.infer<typeof Dataplane>;
export type EdgeOutcome = z.infer<typeof EdgeOutcome>;
export type Severity = z.infer<typeof Severity>;
export type ObjectRef = z.infer<typeof ObjectRef>;
export type StatusReport = z.infer<typeof StatusReport>;
export type EdgeReport = z.infer<typeof EdgeReport>;
export type Check = z.infer<typeof Check>;
export type ValidatedObject = z.infer<typeof ValidatedObject>;
export type ReportCheck = z.infer<typeof ReportCheck>;
export type ValidationReport = z.infer<typeof ValidationReport>;
export type ValidationCounts = z.infer<typeof ValidationCounts>;
export type ValidateResponse = z.infer<typeof ValidateResponse>;
export type LoadProblem = z.infer<typeof LoadProblem>;
export type Session = z.infer<typeof Session>;
export type Connection = z.infer<typeof Connection>;
export type CurrentVersion = z.infer<typeof CurrentVersion>;
export type ChangeEvent = z.infer<typeof ChangeEvent>;
export type MeshSummary = z.infer<typeof MeshSummary>;
export type NamespaceSummary = z.infer<typeof NamespaceSummary>;
export type NamespaceDetail = z.infer<typeof NamespaceDetail>;
export type PortMode = z.infer<typeof PortMode>;
export type WorkloadSummary = z.infer<typeof WorkloadSummary>;
export type WorkloadDetail = z.infer<typeof WorkloadDetail>;
export type ServiceSummary = z.infer<typeof ServiceSummary>;
export type ServiceDetail = z.infer<typeof ServiceDetail>;
export type ServicePortMode = z.infer<typeof ServicePortMode>;
export type Traffic = z.infer<typeof Traffic>;
export type TrafficEdge = z.infer<typeof TrafficEdge>;
export type ConfigSummary = z.infer<typeof ConfigSummary>;
export type ConfigDetail = z.infer<typeof ConfigDetail>;
export type ConfigPage = z.infer<typeof ConfigPage>;
export type Reference = z.infer<typeof Reference>;
export type PostureRow = z.infer<typeof PostureRow>;
export type ServiceRow = z.infer<typeof ServiceRow>;
export type PosturePage = z.infer<typeof PosturePage>;
export type PostureQuery = z.infer<typeof PostureQuery>;
export type ErrorCode = z.infer<typeof ErrorCode>;
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
