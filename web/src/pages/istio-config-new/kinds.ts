// The kinds the console can create from a form (Kiali's Create menu, plus DestinationRule for the seed lab).
export const CREATABLE_KINDS = ['PeerAuthentication', 'DestinationRule', 'AuthorizationPolicy'] as const;
export type CreatableKind = (typeof CREATABLE_KINDS)[number];

export function isCreatableKind(kind: string): kind is CreatableKind {
  return (CREATABLE_KINDS as readonly string[]).includes(kind);
}
