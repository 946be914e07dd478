// Seed 001's DestinationRule story: with auto mTLS on (Istio's default), a namespace-wide ISTIO_MUTUAL rule
// without a PeerAuthentication raises no KIA0206 (mesh-wide: KIA0205), because sidecars already send mTLS
// and Istio's default PERMISSIVE accepts it. Kiali's blog shows the error with auto mTLS off; this note says
// why it is absent here, with links to the explanation and to the mesh config that switches it.
import { Alert } from '@patternfly/react-core';
import { useMemo } from 'react';
import { parse } from 'yaml';
import { Link } from '../../components/link.js';
import type { EditorMarker } from '../../components/yaml-editor.js';
import { useApi } from '../../hooks/use-api.js';
import { objectPath } from '../../routes.js';

const AUTO_MTLS_DOCS = 'https://istio.io/latest/docs/concepts/security/#auto-mutual-tls';

/** The wildcard host of an ISTIO_MUTUAL rule, or undefined when the text is another kind of rule. */
function wildcardMutualHost(text: string): string | undefined {
  try {
    const object: unknown = parse(text);
    const spec = (object as { spec?: { host?: unknown; trafficPolicy?: { tls?: { mode?: unknown } } } } | null)?.spec;
    return spec?.trafficPolicy?.tls?.mode === 'ISTIO_MUTUAL' && typeof spec.host === 'string' && spec.host.startsWith('*') ? spec.host : undefined;
  } catch {
    return undefined;
  }
}

export function AutoMtlsNote({ text, markers }: { text: string; markers: readonly EditorMarker[] }) {
  const mesh = useApi('mesh', {});
  const host = useMemo(() => wildcardMutualHost(text), [text]);
  const code = host === '*.local' ? 'KIA0205' : 'KIA0206';
  if (!mesh.data?.autoMtls || host === undefined || markers.some((m) => m.message.startsWith(code))) return null;
  const meshConfig = mesh.data.meshConfig;
  return (
    <Alert variant="info" isInline isPlain title={`Why there is no ${code} here`} className="ml-preview-analysis" data-testid="auto-mtls-note">
      <p>
        Auto mTLS is on, so this rule needs no PeerAuthentication: every sidecar already sends mTLS, and Istio&apos;s default PERMISSIVE mode accepts it. {code} (&ldquo;PeerAuthentication enabling{' '}
        {code === 'KIA0205' ? 'mTLS at mesh level' : 'namespace-wide mTLS'} is missing&rdquo;) is raised only with <code>enableAutoMtls: false</code> in the mesh config.
      </p>
      <p>
        <a href={AUTO_MTLS_DOCS} target="_blank" rel="noreferrer">
          How auto mTLS works
        </a>
        {meshConfig ? (
          <>
            {' · '}
            <Link to={objectPath(meshConfig)}>the mesh config ({`${meshConfig.kind} ${meshConfig.namespace}/${meshConfig.name}`})</Link>
          </>
        ) : null}
      </p>
    </Alert>
  );
}
