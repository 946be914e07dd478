// The layout off the main thread: the page stays responsive while positions are computed, and the result
// comes back as transferable arrays. No library: the layouts are in layout.ts, so the worker starts fast.
import { defaultLayout, runLayout, unpackRequest, type LayoutName, type LayoutResult, type PackedRequest } from './layout.js';

export interface LayoutMessage {
  readonly id: number;
  readonly request: PackedRequest;
  /** `auto`: the layout a graph of this size opens with. */
  readonly layout: LayoutName | 'auto';
}

self.onmessage = (event: MessageEvent<LayoutMessage>) => {
  const started = performance.now();
  const { id, layout } = event.data;
  const request = unpackRequest(event.data.request);
  const result = runLayout(request, layout === 'auto' ? defaultLayout(request) : layout);
  const message: { id: number; result: LayoutResult } = { id, result: { ...result, ms: performance.now() - started } };
  (self as unknown as Worker).postMessage(message, [result.positions.buffer, result.routes.buffer, result.routeStart.buffer]);
};
