#!/usr/bin/env bash
# Builds SeaweedFS (the S3 server of the cluster tests and `npm run start:cluster`) from the Go module
# proxy when it is not already in the cache outside the clone: ~/.cache/jpsp/weed-<version>. `go install`
# refuses this module (its go.mod has replace directives), so it is built as the main module. About
# 7-13 minutes on 2 cores the first time; a no-op afterwards. Prints the binary's path.
set -euo pipefail
version=v0.0.0-20261109003541-7506e5f91cd6
cache="${JPSP_CACHE_DIR:-$HOME/.cache/jpsp}"
bin="$cache/weed-$version"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
command -v go >/dev/null || { echo "ensure-weed: Go is needed to build SeaweedFS (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p "$cache"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
echo "ensure-weed: building SeaweedFS $version into $bin (several minutes, once)" >&2
dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "github.com/seaweedfs/seaweedfs@$version" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
(cd "$work/src" && go build -o "$work/weed" ./weed)
mv "$work/weed" "$bin.tmp" && mv "$bin.tmp" "$bin"
echo "$bin"
