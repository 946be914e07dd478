// Decision inputs let the what-if decide once for many callers: they must never put two callers that decide
// differently together. Checked on the demo and on seeded random worlds (DestinationRules with selectors and
// exportTo, ServiceEntries, ambient, auto mTLS off), every caller against every endpoint.
import { describe, expect, it } from 'vitest';
import { randomWorld } from '../../testing/conformance/random-world.js';
import { loadDemo } from '../../testing/demo-mesh.js';
import { meshFromYaml } from '../../testing/mesh-from-yaml.js';
import type { MtlsEngine } from '../index.js';
import { formatRef } from '../model/refs.js';
import type { Client } from './client-decision.js';
import { DestinationRuleIndex } from './destination-rule-index.js';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

/** Every field of a decision that the outcome or a report reads, except the explanation's wording. */
function decided(engine: MtlsEngine, client: Client, destination: Parameters<MtlsEngine['decide']>[1], endpoint: Parameters<MtlsEngine['decide']>[2]): string {
  const d = engine.decide(client, destination, endpoint);
  return `${d.sends} hbone=${d.hbone} waypoint=${d.waypoint ? `${d.waypoint.namespace}/${d.waypoint.name}` : '-'} by=${d.decidedBy ? formatRef(d.decidedBy) : '-'}`;
}

/** Callers whose inputs are equal but whose decisions differ, as "caller vs caller → host:port", or whose inputs differ between ports of a host. */
function conflicts(engine: MtlsEngine): { conflicts: string[]; groupsSeen: number; sharedGroups: number } {
  const clients: Client[] = [{ type: 'outside' }, ...engine.snapshot.workloads.map((workload): Client => ({ type: 'workload', workload }))];
  const found: string[] = [];
  let groupsSeen = 0;
  let sharedGroups = 0;
  for (const { hostname, object } of engine.services.all()) {
    const ports = engine.services.destinations(hostname, object);
    // Inputs are read of the host: every port of it gives each client the same ones.
    const firstPort = ports[0] ? engine.decisionInputs(ports[0]) : undefined;
    for (const destination of ports) {
      const inputsOf = engine.decisionInputs(destination);
      for (const client of clients) if (firstPort && inputsOf(client) !== firstPort(client)) found.push(`${JSON.stringify(client)}: ${hostname} port ${destination.servicePort.port} reads other inputs than port ${ports[0]?.servicePort.port}`);
      const groups = new Map<unknown, Client[]>();
      for (const client of clients) {
        const inputs = inputsOf(client);
        groups.set(inputs, [...(groups.get(inputs) ?? []), client]);
      }
      groupsSeen += groups.size;
      for (const members of groups.values()) {
        if (members.length > 1) sharedGroups++;
        for (const endpoint of destination.endpoints) {
          const first = decided(engine, members[0]!, destination, endpoint);
          for (const other of members.slice(1)) {
            const now = decided(engine, other, destination, endpoint);
            if (now !== first) found.push(`${JSON.stringify(members[0])} (${first}) vs ${JSON.stringify(other)} (${now}) → ${hostname}:${destination.servicePort.port}`);
          }
        }
      }
    }
  }
  return { conflicts: found, groupsSeen, sharedGroups };
}

describe('decision inputs', () => {
  it('the demo: callers with equal inputs for a destination decide alike at each of its endpoints, and most callers share', async () => {
    const result = conflicts(await loadDemo());
    expect(result.conflicts).toEqual([]);
    expect(result.sharedGroups).toBeGreaterThan(0);
  });

  it.each(SEEDS)('random world %i: callers with equal inputs decide alike', (seed) => {
    const result = conflicts(meshFromYaml(randomWorld(seed).yaml));
    expect(result.conflicts).toEqual([]);
    expect(result.groupsSeen).toBeGreaterThan(0);
  });

  it.each(SEEDS)('random world %i: the entry chooser picks the entry of the full lookup for every client namespace, labels and host', (seed) => {
    const engine = meshFromYaml(randomWorld(seed).yaml);
    const config = engine.meshConfig;
    const index = new DestinationRuleIndex(engine.snapshot.destinationRules, config.rootNamespace, config.defaultDestinationRuleExportTo);
    const namespaces = [...engine.snapshot.namespaces.keys()];
    const labelSets = [{}, ...engine.snapshot.workloads.map((w) => w.podLabels)];
    let asked = 0;
    for (const { hostname, object } of engine.services.all()) {
      const choose = index.entryChooser(hostname, object.namespace);
      for (const namespace of namespaces) {
        for (const labels of labelSets) {
          expect(choose(namespace, labels)).toBe(index.lookup(namespace, labels, hostname, object.namespace).entry);
          asked++;
        }
      }
    }
    expect(asked).toBeGreaterThan(0);
  });
});
