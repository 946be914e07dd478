// The inputs of the reliability review's F6 that made validation quadratic, as YAML text: one object with
// many unknown keys, and many objects that all collide with each other. Shared by the regression tests, the
// server's time-budget tests and `npm run bench`.

const document = (lines: string[]) => lines.join('\n') + '\n';

export const hostileInputs = {
  /** One PeerAuthentication with `keys` unknown fields under spec (the 60k-key file is 700 KB). */
  unknownKeys(keys: number): string {
    const head = ['apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', 'metadata: {name: big, namespace: default}', 'spec:'];
    return document([...head, ...Array.from({ length: keys }, (_, i) => `  k${i}: 1`)]);
  },

  /** `count` DestinationRules for one host, each with ISTIO_MUTUAL (KIA0201 on every one). */
  sameHostRules(count: number): string {
    return Array.from({ length: count }, (_, i) =>
      document([
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        `metadata: {name: dr${i}, namespace: default}`,
        'spec:',
        '  host: reviews.default.svc.cluster.local',
        '  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}',
      ]),
    ).join('---\n');
  },

  /** `count` Istio Gateways serving `*` on port 80 of one selector (KIA0301 on every one). */
  sameHostGateways(count: number): string {
    return Array.from({ length: count }, (_, i) =>
      document([
        'apiVersion: networking.istio.io/v1',
        'kind: Gateway',
        `metadata: {name: gw${i}, namespace: default}`,
        'spec:',
        '  selector: {istio: ingressgateway}',
        '  servers:',
        "  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ['*']",
      ]),
    ).join('---\n');
  },

  /** `count` ServiceEntries for one host and port (KIA1211 on every one). */
  sameHostServiceEntries(count: number): string {
    return Array.from({ length: count }, (_, i) =>
      document([
        'apiVersion: networking.istio.io/v1',
        'kind: ServiceEntry',
        `metadata: {name: se${i}, namespace: default}`,
        'spec:',
        '  hosts: [api.example.com]',
        '  ports: [{number: 443, name: https, protocol: TLS}]',
        '  resolution: DNS',
      ]),
    ).join('---\n');
  },

  /** `count` PeerAuthentications selecting one Deployment, which the text also holds (KIA0003 on every one). */
  sameSelectorPolicies(count: number): string {
    const deployment = document([
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: reviews, namespace: default}',
      'spec:',
      '  selector: {matchLabels: {app: reviews}}',
      '  template:',
      '    metadata: {labels: {app: reviews}}',
      '    spec: {containers: [{name: reviews, image: reviews}]}',
    ]);
    const policies = Array.from({ length: count }, (_, i) =>
      document(['apiVersion: security.istio.io/v1', 'kind: PeerAuthentication', `metadata: {name: pa${i}, namespace: default}`, 'spec:', '  selector: {matchLabels: {app: reviews}}', '  mtls: {mode: STRICT}']),
    );
    return [deployment, ...policies].join('---\n');
  },
};
