// "decided by PeerAuthentication/istio-system/default" with a link to that object's editor.
import { paths } from '../routes.js';
import { Link } from './link.js';

export function DecidedBy({ decidedBy }: { decidedBy: string | null }) {
  if (!decidedBy) return <span className="ml-subtle">Istio&apos;s default</span>;
  const [kind, namespace, name] = decidedBy.split('/');
  if (!kind || namespace === undefined || !name) return <span>{decidedBy}</span>;
  return <Link to={paths.istioDetails(namespace, kind, name)}>{decidedBy}</Link>;
}
