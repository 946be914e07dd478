// The graph page's settings, kept in the URL (like Kiali's graphFind/graphHide parameters) so a view can
// be linked to and survives a reload. Only values that differ from the defaults are written. The view's
// settings (type, display options, period, namespaces, layout) are also remembered in localStorage, so
// leaving the page and coming back keeps them; a value in the URL wins over the remembered one.
import type { GraphType } from '../../../../src/api/graph-schemas.js';
import type { LayoutName } from './layout.js';

export type EdgeLabels = 'none' | 'rate' | 'mtls' | 'errors';

export interface GraphSettings {
  /** Empty: every namespace. */
  readonly namespaces: readonly string[];
  readonly type: GraphType;
  readonly duration: string;
  /** Seconds between refreshes; 0 = paused. */
  readonly refresh: number;
  readonly security: boolean;
  readonly sidecars: boolean;
  readonly labels: EdgeLabels;
  readonly idle: boolean;
  readonly find: string;
  readonly hide: string;
  /** `auto`: layered for small and medium graphs, the layered grid for large ones. */
  readonly layout: LayoutName | 'auto';
}

export const GRAPH_TYPES: readonly { value: GraphType; label: string }[] = [
  { value: 'workload', label: 'Workload graph' },
  { value: 'app', label: 'App graph' },
  { value: 'versionedApp', label: 'Versioned app graph' },
  { value: 'service', label: 'Service graph' },
];

export const DURATIONS: readonly { value: string; label: string }[] = [
  { value: '1m', label: 'Last 1m' },
  { value: '5m', label: 'Last 5m' },
  { value: '10m', label: 'Last 10m' },
  { value: '30m', label: 'Last 30m' },
  { value: '1h', label: 'Last 1h' },
  { value: '3h', label: 'Last 3h' },
  { value: '6h', label: 'Last 6h' },
  { value: '12h', label: 'Last 12h' },
  { value: '1d', label: 'Last 1d' },
];

export const REFRESHES: readonly { value: number; label: string }[] = [
  { value: 0, label: 'Pause' },
  { value: 10, label: 'Every 10s' },
  { value: 15, label: 'Every 15s' },
  { value: 30, label: 'Every 30s' },
  { value: 60, label: 'Every 1m' },
  { value: 300, label: 'Every 5m' },
];

export const EDGE_LABELS: readonly { value: EdgeLabels; label: string }[] = [
  { value: 'none', label: 'No edge labels' },
  { value: 'rate', label: 'Request rate' },
  { value: 'mtls', label: 'mTLS share' },
  { value: 'errors', label: 'Error rate' },
];

export const LAYOUTS: readonly { value: GraphSettings['layout']; label: string }[] = [
  { value: 'auto', label: 'Automatic layout' },
  { value: 'layered', label: 'Layered, namespace boxes' },
  { value: 'layered-grid', label: 'Namespace grid' },
  { value: 'concentric', label: 'Concentric' },
];

export const DEFAULT_SETTINGS: GraphSettings = {
  namespaces: [],
  type: 'workload',
  duration: '10m',
  refresh: 60,
  // An mTLS console opens on the security layer (Kiali's default is off).
  security: true,
  sidecars: true,
  labels: 'none',
  idle: false,
  find: '',
  hide: '',
  layout: 'auto',
};

/** What is remembered between visits: the view, not a Find or Hide of the moment. */
const REMEMBERED = ['namespaces', 'type', 'duration', 'refresh', 'security', 'sidecars', 'labels', 'idle', 'layout'] as const;
const STORAGE_KEY = 'meshlock.graph';

/** The remembered settings as URL parameters; empty when there are none or storage is unavailable. */
export function rememberedQuery(): URLSearchParams {
  try {
    return new URLSearchParams(window.localStorage.getItem(STORAGE_KEY) ?? '');
  } catch {
    return new URLSearchParams();
  }
}

export function remember(settings: GraphSettings): void {
  const query = new URLSearchParams(settingsQuery(settings));
  for (const key of [...query.keys()]) if (!(REMEMBERED as readonly string[]).includes(key)) query.delete(key);
  try {
    window.localStorage.setItem(STORAGE_KEY, query.toString());
  } catch {
    // Private windows may refuse storage; the URL still holds the view.
  }
}

/** The URL's values, and for each remembered setting the URL does not name, the remembered one. */
export function withRemembered(search: URLSearchParams, remembered: URLSearchParams): URLSearchParams {
  const merged = new URLSearchParams(search);
  for (const key of REMEMBERED) {
    const value = remembered.get(key);
    if (!merged.has(key) && value !== null) merged.set(key, value);
  }
  return merged;
}

const oneOf = <T>(values: readonly { value: T }[], raw: T | null | undefined, fallback: T): T => (values.some((v) => v.value === raw) ? (raw as T) : fallback);
const flag = (raw: string | null, fallback: boolean) => (raw === null ? fallback : raw === '1' || raw === 'true');

export function parseSettings(search: URLSearchParams): GraphSettings {
  const d = DEFAULT_SETTINGS;
  const refresh = search.get('refresh');
  return {
    namespaces: (search.get('namespaces') ?? '').split(',').map((n) => n.trim()).filter(Boolean),
    type: oneOf(GRAPH_TYPES, search.get('type') as GraphType | null, d.type),
    // Any look-back the API takes (15s for a quick lab check); the menu offers the usual ones.
    duration: /^[1-9]\d*[smhd]$/.test(search.get('duration') ?? '') ? (search.get('duration') as string) : d.duration,
    refresh: oneOf(REFRESHES, refresh === null ? null : Number(refresh), d.refresh),
    security: flag(search.get('security'), d.security),
    sidecars: flag(search.get('sidecars'), d.sidecars),
    labels: oneOf(EDGE_LABELS, search.get('labels') as EdgeLabels | null, d.labels),
    idle: flag(search.get('idle'), d.idle),
    find: search.get('find') ?? d.find,
    hide: search.get('hide') ?? d.hide,
    layout: oneOf(LAYOUTS, search.get('layout') as GraphSettings['layout'] | null, d.layout),
  };
}

export function settingsQuery(settings: GraphSettings): string {
  const d = DEFAULT_SETTINGS;
  const query = new URLSearchParams();
  if (settings.namespaces.length > 0) query.set('namespaces', settings.namespaces.join(','));
  if (settings.type !== d.type) query.set('type', settings.type);
  if (settings.duration !== d.duration) query.set('duration', settings.duration);
  if (settings.refresh !== d.refresh) query.set('refresh', String(settings.refresh));
  if (settings.security !== d.security) query.set('security', settings.security ? '1' : '0');
  if (settings.sidecars !== d.sidecars) query.set('sidecars', settings.sidecars ? '1' : '0');
  if (settings.labels !== d.labels) query.set('labels', settings.labels);
  if (settings.idle !== d.idle) query.set('idle', settings.idle ? '1' : '0');
  if (settings.find) query.set('find', settings.find);
  if (settings.hide) query.set('hide', settings.hide);
  if (settings.layout !== d.layout) query.set('layout', settings.layout);
  const text = query.toString();
  return text ? `?${text}` : '';
}
