#!/usr/bin/env bash
# The tests that run against a real kube-apiserver and etcd (src/testing/kube-cluster): builds both once per
# machine (tools/kube/build.sh), runs the cluster tests and prints "N passed, M failed" from Vitest's JSON
# report. A machine without Go fails here; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

CLUSTER_TESTS=(
  src/testing/kube-cluster/cluster.test.ts
  src/sources/kube/kube-source.test.ts
  src/sources/kube/soak.test.ts
  src/cli/kube.test.ts
  src/server/cluster-api.test.ts
  src/cli/commands/serve-doors.test.ts
  web/e2e/cluster.test.ts
)

status=0
bash tools/kube/build.sh >/dev/null || status=$?
report="$(mktemp -d)/vitest.json"
npx vitest run "${CLUSTER_TESTS[@]}" --reporter=default --reporter=json --outputFile="$report" || status=$?
node scripts/summarize-vitest.mjs "$report" || status=$?
exit $status
