// The web app's one client. The CSRF token comes from GET /api/session and is sent on every state-changing
// request; a signed-in person's bearer token on every request.
import { ApiClient } from '../../src/api/client.js';
import { bearerToken } from './auth.js';

let csrfToken: string | undefined;

export const api = new ApiClient({ csrfToken: () => csrfToken, bearerToken });

export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}
