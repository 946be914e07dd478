// Form values → the YAML of the object they describe. Only shapes text; whether it is right is the
// server's call (the preview is validated like the editor).
import { stringify } from 'yaml';
import { apiVersionOf, type FormKind } from './kinds.js';

export const PA_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export const DR_MODES = ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] as const;
export const AP_POLICIES = ['DENY_ALL', 'ALLOW_ALL', 'RULES'] as const;

export interface FormValues {
  namespace: string;
  name: string;
  /** `k=v,k2=v2`; empty = the whole namespace. */
  selector: string;
  paMode: (typeof PA_MODES)[number];
  portLevel: { port: string; mode: (typeof PA_MODES)[number] }[];
  host: string;
  drMode: (typeof DR_MODES)[number];
  apPolicy: (typeof AP_POLICIES)[number];
  apAction: 'ALLOW' | 'DENY';
  principals: string;
  sourceNamespaces: string;
  methods: string;
  paths: string;
}

export const EMPTY_FORM: FormValues = {
  namespace: '',
  name: '',
  selector: '',
  paMode: 'STRICT',
  portLevel: [],
  host: '',
  drMode: 'ISTIO_MUTUAL',
  apPolicy: 'DENY_ALL',
  apAction: 'ALLOW',
  principals: '',
  sourceNamespaces: '',
  methods: '',
  paths: '',
};

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL = /^[A-Za-z0-9][-A-Za-z0-9_./]*=[-A-Za-z0-9_.]*$/;

export const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseSelector(text: string): Record<string, string> | undefined {
  const entries = list(text);
  if (!entries.every((e) => LABEL.test(e))) return undefined;
  return Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

/** Kiali's form messages, per field. */
export function formErrors(kind: FormKind, v: FormValues): Partial<Record<'namespace' | 'name' | 'selector' | 'host' | 'portLevel' | 'rules', string>> {
  const errors: ReturnType<typeof formErrors> = {};
  if (!v.namespace) errors.namespace = 'An Istio Config resource needs at least one namespace selected';
  if (!NAME.test(v.name) || v.name.length > 63) errors.name = `A valid ${kind} name is required`;
  if (parseSelector(v.selector) === undefined) errors.selector = 'Enter a label in the format <label>=<value>. Enter one or multiple labels separated by comma.';
  if (kind === 'DestinationRule' && v.host.trim() === '') errors.host = 'A host is required';
  if (kind === 'PeerAuthentication' && v.portLevel.length > 0) {
    if (list(v.selector).length === 0) errors.portLevel = 'Port Mutual TLS requires a Workload Selector';
    else if (v.portLevel.some((p) => !/^\d+$/.test(p.port) || Number(p.port) > 65535)) errors.portLevel = 'Port numbers are 1 to 65535';
  }
  if (kind === 'AuthorizationPolicy' && v.apPolicy === 'RULES' && [v.principals, v.sourceNamespaces, v.methods, v.paths].every((f) => list(f).length === 0)) {
    errors.rules = 'A Rule needs at least an item in "From", "To" or "When" sections';
  }
  return errors;
}

function spec(kind: FormKind, v: FormValues): Record<string, unknown> {
  const selector = parseSelector(v.selector) ?? {};
  const matchLabels = Object.keys(selector).length > 0 ? { selector: { matchLabels: selector } } : {};
  switch (kind) {
    case 'PeerAuthentication': {
      const portLevelMtls = Object.fromEntries(v.portLevel.filter((p) => /^\d+$/.test(p.port)).map((p) => [p.port, { mode: p.mode }]));
      return { ...matchLabels, mtls: { mode: v.paMode }, ...(Object.keys(portLevelMtls).length > 0 ? { portLevelMtls } : {}) };
    }
    case 'DestinationRule':
      return { host: v.host.trim(), trafficPolicy: { tls: { mode: v.drMode } } };
    case 'AuthorizationPolicy': {
      if (v.apPolicy === 'DENY_ALL') return { ...matchLabels };
      if (v.apPolicy === 'ALLOW_ALL') return { ...matchLabels, action: 'ALLOW', rules: [{}] };
      const source = { ...(list(v.principals).length ? { principals: list(v.principals) } : {}), ...(list(v.sourceNamespaces).length ? { namespaces: list(v.sourceNamespaces) } : {}) };
      const operation = { ...(list(v.methods).length ? { methods: list(v.methods) } : {}), ...(list(v.paths).length ? { paths: list(v.paths) } : {}) };
      const rule = { ...(Object.keys(source).length ? { from: [{ source }] } : {}), ...(Object.keys(operation).length ? { to: [{ operation }] } : {}) };
      return { ...matchLabels, action: v.apAction, rules: [rule] };
    }
  }
}

export function toYaml(kind: FormKind, v: FormValues): string {
  const body = spec(kind, v);
  return stringify({ apiVersion: apiVersionOf(kind), kind, metadata: { name: v.name, namespace: v.namespace }, spec: Object.keys(body).length > 0 ? body : {} });
}
