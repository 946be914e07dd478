// Windowing for long tables: only the rows in view (plus a margin) are rendered, so 2,000 namespaces cost
// what 40 do. Rows have one fixed height (CSS keeps them on one line). Moving focus with Tab scrolls the
// focused row into view, which moves the window along, so every row stays reachable by keyboard.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface VirtualRows {
  readonly containerRef: (element: HTMLDivElement | null) => void;
  readonly start: number;
  readonly end: number;
}

export function useVirtualRows(count: number, rowHeight: number, overscan = 15): VirtualRows {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [range, setRange] = useState({ start: 0, end: Math.min(count, overscan * 3) });
  const frame = useRef(0);
  const update = useCallback(() => {
    if (!element) return;
    const first = Math.floor(element.scrollTop / rowHeight);
    const visible = Math.ceil(element.clientHeight / rowHeight);
    const start = Math.max(0, first - overscan);
    const end = Math.min(count, first + visible + overscan);
    setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
  }, [element, count, rowHeight, overscan]);
  useEffect(() => {
    if (!element) return;
    update();
    const onScroll = () => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(update);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, [element, update]);
  return { containerRef: setElement, start: Math.min(range.start, count), end: Math.min(range.end, count) };
}
