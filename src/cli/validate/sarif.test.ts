// SARIF output checked against the SARIF 2.1.0 JSON schema (rtm.5, as shipped in @microsoft/jest-sarif,
// MIT, vendored beside this test), plus the properties code scanning relies on.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import draft4 from 'ajv/lib/refs/json-schema-draft-04.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { checkers } from '../../core/index.js';
import { validateTexts } from '../../reports/validation.js';
import { formatSarif } from './sarif.js';

const schema: unknown = JSON.parse(readFileSync(new URL('./sarif-2.1.0-rtm.5.schema.json', import.meta.url), 'utf8'));

const YAML = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    tls: {sni: reviews}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: grafana, namespace: istio-system}
spec:
  selector: {matchLabels: {app: grafana}}
---
kind: [
`;

describe('SARIF output', () => {
  const report = validateTexts(new Map([['config/mesh.yaml', YAML]]));
  const text = formatSarif(report, checkers, { version: '0.1.0', docsUri: 'file:///opt/meshlock/docs/validations.md', rootUri: 'file:///work/repo' });
  const log = JSON.parse(text) as {
    runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { region: { startLine: number } } }[]; partialFingerprints: Record<string, string> }[] }[];
  };

  it('is valid against the SARIF 2.1.0 schema', () => {
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(draft4);
    const validate = ajv.compile(schema as object);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('has one rule per code with a link to its docs section, and results that point at them', () => {
    const run = log.runs[0];
    const rules = run?.tool.driver.rules ?? [];
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    expect(rules.find((r) => r.id === 'MSL005')?.helpUri).toBe('file:///opt/meshlock/docs/validations.md#msl005');
    for (const result of run?.results ?? []) expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
    const tls = run?.results.find((r) => r.ruleId === 'MSL005');
    expect(tls?.locations[0]?.physicalLocation.region.startLine).toBe(7);
    expect(tls?.partialFingerprints['meshlockCheck/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(run?.results.some((r) => r.ruleId === 'load-problem')).toBe(true);
  });
});
