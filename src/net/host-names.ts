// Host names as the console and the lab read them: which addresses are loopback, and the name in a `Host`
// header. Both servers refuse a Host they do not know, so a page on another site cannot reach them through
// a DNS name that resolves to this machine (DNS rebinding).

/** 127.0.0.0/8, ::1 and `localhost`: the names and addresses that never leave this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Binding to every interface: no single name stands for the server. */
export function isWildcardAddress(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/**
 * The host name of a `Host` header (lower case, IPv6 in brackets), or undefined when the header is not one
 * name with an optional port: `127.0.0.1:1@evil.example`, `[::1].evil.example` and lists are refused.
 */
export function hostnameOf(hostHeader: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?$/i.exec(hostHeader.trim());
  return match?.[1]?.toLowerCase();
}

/** An address as it appears in a Host header: IPv6 in brackets, names in lower case. */
export function hostHeaderName(address: string): string {
  const name = address.toLowerCase();
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/** The names a server answers to: the loopback names, its bound address (unless it binds everything), and `extra`. */
export function allowedHostNames(boundAddress: string, extra: readonly string[] = []): ReadonlySet<string> {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (!isWildcardAddress(boundAddress)) names.add(hostHeaderName(boundAddress));
  for (const name of extra) names.add(hostHeaderName(name));
  return names;
}

/** Whether a Host header names this server: an allowed name, or any 127.x.x.x literal. */
export function hostAllowed(hostHeader: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostnameOf(hostHeader ?? '');
  return name !== undefined && (allowed.has(name) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name));
}
