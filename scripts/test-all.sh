#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, then runs every test and prints
# "N passed, M failed" from Vitest's JSON report (the line CI reads).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
npm run build --silent
npm run lint --silent
npm run typecheck --silent

status=0
report="$(mktemp -d)/vitest.json"
# kube-apiserver and etcd for the cluster tests, built from Go modules once per machine (minutes the first
# time, then reused). Without Go this fails, and so does every cluster test: nothing is skipped.
if kube_binaries="$(bash tools/kube/build.sh)"; then echo "kube-apiserver and etcd: $kube_binaries"; else status=1; fi
# meshlock against Istio's own control-plane code (conformance/, needs Go); its closing line is repeated below.
conformance_log="$(dirname "$report")/conformance.log"
npm run conformance --silent 2>&1 | tee "$conformance_log" || status=$?
npx vitest run --reporter=default --reporter=json --outputFile="$report" || status=$?
echo "conformance: $(tail -n 1 "$conformance_log")"
node scripts/summarize-vitest.mjs "$report" || status=$?
exit $status
