// The lock glyphs and their descriptor table. Every lock on every page comes from here, with a text
// alternative, so the shape is never the only carrier of meaning.
import type { Lock } from '../../../src/api/schemas.js';

export interface LockDescriptor {
  /** Short text shown next to or instead of the icon, and read by screen readers. */
  readonly label: string;
  readonly description: string;
  readonly className: string;
}

/** A Record, so a new lock value does not compile until it has a descriptor. */
export const LOCKS: Record<Lock, LockDescriptor> = {
  full: { label: 'Full lock', description: 'only mutual TLS is accepted, and in-mesh clients send it', className: 'ml-lock ml-lock--full' },
  hollow: { label: 'Hollow lock', description: 'mTLS is partial: plaintext is still accepted, or clients would not send mTLS', className: 'ml-lock ml-lock--hollow' },
  none: { label: 'Open lock', description: 'mTLS is not enforced', className: 'ml-lock ml-lock--none' },
};

const SHACKLE_CLOSED = 'M4.5 9V6a3.5 3.5 0 0 1 7 0v3';
const SHACKLE_OPEN = 'M4.5 9V6a3.5 3.5 0 0 1 6.8-1.2';

export function LockIcon({ lock, label }: { lock: Lock; label?: string }) {
  const descriptor = LOCKS[lock];
  return (
    <svg className={descriptor.className} viewBox="0 0 16 20" width="1em" height="1.25em" role="img" aria-label={label ?? descriptor.label} focusable="false">
      <title>{label ?? descriptor.label}</title>
      <path d={lock === 'none' ? SHACKLE_OPEN : SHACKLE_CLOSED} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
      <rect x="2" y="9" width="12" height="9.5" rx="1.6" fill={lock === 'hollow' ? 'none' : 'currentColor'} stroke="currentColor" strokeWidth="1.6" />
      {lock === 'hollow' ? <rect x="7.1" y="12" width="1.8" height="3.5" rx="0.9" fill="currentColor" /> : null}
    </svg>
  );
}
