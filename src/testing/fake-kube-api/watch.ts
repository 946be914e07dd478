// One watch connection: newline-delimited JSON events, replayed from the store's history and then live, with
// bookmarks when asked for. A resourceVersion older than the history gets the in-stream ERROR event with a
// 410 Status that kube-apiserver sends, and the stream ends.
import type { ServerResponse } from 'node:http';
import { apiVersionOf, type FakeResource } from './resources.js';
import { fieldsMatch, type FieldRequirement } from './selection.js';
import { gone } from './status.js';
import type { KubeObject, ObjectStore, StoreEvent } from './store.js';

export interface WatchRequest {
  readonly resource: FakeResource;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly fields: readonly FieldRequirement[];
  /** undefined or '0': start with ADDED events for every current object. */
  readonly resourceVersion: string | undefined;
  readonly bookmarks: boolean;
  readonly timeoutSeconds: number | undefined;
}

export interface OpenWatch {
  readonly request: WatchRequest;
  /** Cuts the connection without a clean end, as a dropped network path or a restarted API server does. */
  drop(): void;
  bookmark(): void;
}

export function serveObject(object: KubeObject, resource: FakeResource, version: string): KubeObject {
  return { ...object, apiVersion: apiVersionOf(resource.group, version) };
}

export function startWatch(
  response: ServerResponse,
  store: ObjectStore,
  request: WatchRequest,
  options: { bookmarkIntervalMs: number; onClose: (watch: OpenWatch) => void },
): OpenWatch {
  const { resource, version, namespace, fields } = request;
  response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
  // kube-apiserver answers a watch at once; without this, a client would wait for the first event.
  response.flushHeaders();
  const send = (type: string, object: unknown) => {
    if (!response.destroyed) response.write(JSON.stringify({ type, object }) + '\n');
  };
  const matches = (event: StoreEvent) =>
    event.resource === resource && (namespace === undefined || event.namespace === namespace) && fieldsMatch(fields, event.namespace, event.name);
  const bookmark = () =>
    send('BOOKMARK', { kind: resource.kind, apiVersion: apiVersionOf(resource.group, version), metadata: { resourceVersion: String(store.resourceVersion) } });

  const watch: OpenWatch = { request, drop: () => response.destroy(), bookmark };
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: () => void = () => undefined;
  const finish = () => {
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    options.onClose(watch);
  };
  response.on('close', finish);

  const from = request.resourceVersion;
  if (from === undefined || from === '' || from === '0') {
    for (const stored of store.list(resource, namespace, fields)) send('ADDED', serveObject(stored.object, resource, version));
  } else {
    const replay = store.eventsSince(Number(from));
    if (replay === undefined) {
      send('ERROR', gone(`too old resource version: ${from} (${store.resourceVersion})`).status);
      response.end();
      return watch;
    }
    for (const event of replay) if (matches(event)) send(event.type, serveObject(event.object, resource, version));
  }
  unsubscribe = store.subscribe((event) => {
    if (matches(event)) send(event.type, serveObject(event.object, resource, version));
  });
  if (request.bookmarks) timers.push(setInterval(bookmark, options.bookmarkIntervalMs));
  if (request.timeoutSeconds !== undefined) timers.push(setTimeout(() => response.end(), request.timeoutSeconds * 1000));
  return watch;
}
