// The `--auth` modes and the proxy header, apart from the code that runs them (user-sources.ts), so the CLI can
// describe its flags without loading the Kubernetes client.

/** Whose identity a console request reads the cluster with. */
export type AuthMode = 'anonymous' | 'token' | 'header';

export const AUTH_MODES: readonly AuthMode[] = ['anonymous', 'token', 'header'];

/** oauth2-proxy's header with `--pass-access-token`; with `--set-authorization-header` it is Authorization. */
export const ACCESS_TOKEN_HEADER = 'x-forwarded-access-token';
