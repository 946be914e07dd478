// Test builder: the demo mesh with travel-agency moved to ambient mode. Its namespace is labelled
// istio.io/dataplane-mode=ambient (no sidecar injection) under a STRICT PeerAuthentication, and its
// istio.io/use-waypoint label binds the waypoint travel-agency/waypoint; travel-portal keeps its sidecars.
// The files replace and extend the demo's (testConsole `files`).
import { namespace, peerAuthentication, waypoint, world } from './world-yaml.js';

export const AMBIENT_NAMESPACE = 'travel-agency';
export const AMBIENT_WAYPOINT = 'travel-agency/waypoint';

export const AMBIENT_DEMO_FILES: Readonly<Record<string, string>> = {
  'namespaces.yaml': world(
    namespace(AMBIENT_NAMESPACE, { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }),
    namespace('travel-portal', { 'istio-injection': 'enabled' }),
    namespace('travel-control', { 'istio-injection': 'enabled' }),
    namespace('legacy', {}),
  ),
  'ambient.yaml': world(waypoint(AMBIENT_WAYPOINT), peerAuthentication(`${AMBIENT_NAMESPACE}/default`, '{mtls: {mode: STRICT}}')),
};
