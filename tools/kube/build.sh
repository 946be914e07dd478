#!/usr/bin/env bash
# Builds kube-apiserver and etcd from the Go modules pinned in go.mod/go.sum, and takes Istio's CRDs from
# the pinned Istio module, once per machine: the result is kept under the user's cache folder, keyed by a
# hash of what decides it (go.mod, go.sum, this script). Prints the folder that holds
#   kube-apiserver  etcd  istio-crds.yaml
# Later runs print the same folder at once. Go's own build and module caches make a rebuild after a pin
# change quicker too.
#
# MESHLOCK_KUBE_CACHE overrides where the folders are kept (default: $XDG_CACHE_HOME/meshlock/kube, else
# ~/.cache/meshlock/kube).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# The same Istio commit the conformance suite pins; only its CRD manifest is read.
ISTIO_MODULE=istio.io/istio
ISTIO_VERSION=v0.0.0-20260827124520-eed52ebb66ad
ISTIO_CRDS=manifests/charts/base/files/crd-all.gen.yaml

key="$(cat go.mod go.sum build.sh | sha256sum | cut -c1-16)"
cache_root="${MESHLOCK_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/meshlock/kube}"
out="$cache_root/$key"
if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ -s "$out/istio-crds.yaml" ]; then
  echo "$out"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "tools/kube/build.sh: Go is not installed; the cluster tests need it to build kube-apiserver and etcd" >&2
  exit 1
fi

mkdir -p "$cache_root"
# Test files started at once all ask for the binaries: one builds, the others wait for it and reuse the result.
exec 9>"$cache_root/.lock"
flock 9
if [ -x "$out/kube-apiserver" ] && [ -x "$out/etcd" ] && [ -s "$out/istio-crds.yaml" ]; then
  echo "$out"
  exit 0
fi
work="$(mktemp -d "$cache_root/.building.XXXXXX")"
trap 'rm -rf "$work"' EXIT
started=$(date +%s)
echo "building kube-apiserver and etcd into $out (one time per machine; several minutes)" >&2
# providerless leaves out the cloud providers; -trimpath and no debug info keep the binaries small.
nice -n 10 go build -trimpath -tags providerless -ldflags='-s -w' -o "$work/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver >&2
nice -n 10 go build -trimpath -tags providerless -ldflags='-s -w' -o "$work/etcd" go.etcd.io/etcd/server/v3 >&2
istio_dir="$(go mod download -json "$ISTIO_MODULE@$ISTIO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [ -z "$istio_dir" ] || [ ! -s "$istio_dir/$ISTIO_CRDS" ]; then
  echo "tools/kube/build.sh: $ISTIO_MODULE@$ISTIO_VERSION has no $ISTIO_CRDS" >&2
  exit 1
fi
cp "$istio_dir/$ISTIO_CRDS" "$work/istio-crds.yaml"
echo "$ISTIO_MODULE@$ISTIO_VERSION" > "$work/istio-version"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT
echo "built in $(( $(date +%s) - started )) s" >&2
echo "$out"
