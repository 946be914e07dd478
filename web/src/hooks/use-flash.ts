// A notice that survives one navigation: "Created …" shown by the page a Create lands on, "Deleted …" by
// the list a Delete returns to. It belongs to the URL it was meant for and is dropped by the next navigation
// elsewhere, so reading it twice (React may call a state initializer twice) shows it, and a later visit does not.
export interface FlashNotice {
  readonly variant: 'success' | 'info';
  readonly title: string;
}

let pending: { readonly notice: FlashNotice; readonly at: string } | undefined;

/** Keep `notice` for the page at `to` (path and query, as navigate() is given). */
export function flash(notice: FlashNotice, to: string): void {
  pending = { notice, at: to };
}

/** The notice for the page now shown, if one was left for it. */
export function flashNotice(): FlashNotice | undefined {
  return pending?.at === window.location.pathname + window.location.search ? pending.notice : undefined;
}

/** Navigation to `to` drops a notice meant for another page. */
export function dropFlashUnless(to: string): void {
  if (pending && pending.at !== to) pending = undefined;
}
