// The layout off the main thread: the page stays responsive while positions are computed, and the result
// comes back as transferable arrays. No library: the layouts are in layout.ts, so the worker starts fast.
import { runLayout, type LayoutName, type LayoutRequest, type LayoutResult } from './layout.js';

export interface LayoutMessage {
  readonly id: number;
  readonly request: LayoutRequest;
  readonly layout: LayoutName;
}

self.onmessage = (event: MessageEvent<LayoutMessage>) => {
  const started = performance.now();
  const { id, request, layout } = event.data;
  const result = runLayout(request, layout);
  const message: { id: number; result: LayoutResult } = { id, result: { ...result, ms: performance.now() - started } };
  (self as unknown as Worker).postMessage(message, [result.positions.buffer, result.routes.buffer, result.routeStart.buffer]);
};
