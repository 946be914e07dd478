// The web app's one client. The CSRF token comes from GET /api/session and is sent on every state-changing request.
import { ApiClient } from '../../src/api/client.js';

let csrfToken: string | undefined;

export const api = new ApiClient({ csrfToken: () => csrfToken });

export function rememberCsrfToken(token: string): void {
  csrfToken = token;
}
