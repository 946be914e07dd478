import { describe, expect, it } from 'vitest';
import { formatText } from './text.js';
import type { ValidationReport } from '../../api/schemas.js';

const REPORT: ValidationReport = {
  objects: [
    {
      kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1', namespace: 'bookinfo', name: 'reviews', file: 'b.yaml', valid: false,
      checks: [
        { code: 'KIA0202', severity: 'warning', message: 'host not found', path: 'spec/host', line: 9, column: 9 },
        { code: 'KIA0206', severity: 'error', message: 'policy missing', path: 'spec/trafficPolicy/tls/mode', line: 4, column: 13 },
      ],
    },
    { kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1', namespace: 'bookinfo', name: 'default', file: 'a.yaml', valid: true, checks: [{ code: 'KIA0203', severity: 'unknown', message: 'x', path: 'spec', line: 2, column: 1 }] },
  ],
  summary: { objects: 2, invalid: 1, errors: 1, warnings: 1, unknown: 1, problems: [{ code: 'yaml-syntax', message: 'bad', file: 'a.yaml', line: 7, column: 3 }] },
};

describe('text output', () => {
  it('groups by file, sorts by line, and ends with a summary', () => {
    expect(formatText(REPORT, false)).toBe(
      [
        'a.yaml',
        '  a.yaml:2:1: info KIA0203 x (PeerAuthentication bookinfo/default)',
        '  a.yaml:7:3: error yaml-syntax bad',
        '',
        'b.yaml',
        '  b.yaml:4:13: error KIA0206 policy missing (DestinationRule bookinfo/reviews)',
        '  b.yaml:9:9: warning KIA0202 host not found (DestinationRule bookinfo/reviews)',
        '',
        '2 objects, 1 invalid: 1 errors, 1 warnings, 1 info; 1 load problems',
        '',
      ].join('\n'),
    );
  });

  it('colours severities only when asked', () => {
    expect(formatText(REPORT, true)).toContain('\x1b[31merror\x1b[0m');
    expect(formatText(REPORT, false)).not.toContain('\x1b[');
  });
});
