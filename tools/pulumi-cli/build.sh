#!/usr/bin/env bash
# Builds the Pulumi CLI (`pulumi`) from its Go modules at the release pinned in go.mod, Pulumi YAML's
# language host (`pulumi-language-yaml`, module github.com/pulumi/pulumi-yaml at the release pinned
# in go.mod), and this project's Node.js and Python language hosts (langhost/, pylanghost/, see their
# doc comments), into
# tools/pulumi-cli/bin/ (git-ignored). Reuses the build when the binaries are there at the pinned
# versions.
#   tools/pulumi-cli/build.sh          build or reuse; prints the bin folder
#   tools/pulumi-cli/build.sh --force  rebuild
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$here/bin"
cd "$here"

if ! command -v go >/dev/null; then
  echo "build.sh: go is not on PATH; install Go $(sed -n 's/^go //p' go.mod) or newer" >&2
  exit 2
fi
version="$(go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)"
version="${version#v}"

if [[ "${1:-}" != "--force" && -x "$bin/pulumi" && -x "$bin/pulumi-language-nodejs" \
      && "$("$bin/pulumi" version 2>/dev/null | sed "s/^v//")" == "$version" \
      && -x "$bin/pulumi-language-yaml" && "$bin/pulumi-language-yaml" -nt go.sum \
      && "$bin/pulumi-language-nodejs" -nt langhost/main.go && "$bin/pulumi" -nt go.sum \
      && "$bin/pulumi-language-nodejs" -nt hostbase/hostbase.go && "$bin/pulumi-language-python" -nt hostbase/hostbase.go \
      && -x "$bin/pulumi-language-python" && "$bin/pulumi-language-python" -nt pylanghost/main.go \
      && "$bin/pulumi-language-python" -nt pylanghost/run.py && "$bin/pulumi-language-python" -nt go.sum ]]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$bin"
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
timed=()
if [[ -x /usr/bin/time ]]; then timed=(/usr/bin/time -v -o "$bin/build-stats.txt"); fi
echo "build.sh: building pulumi v$version, pulumi-language-yaml, pulumi-language-nodejs and pulumi-language-python into $bin (first build: about 17 minutes on 2 cores)" >&2
start=$SECONDS
"${timed[@]}" go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs" ./langhost
go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-python" ./pylanghost
go build -trimpath -o "$bin/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
echo "build.sh: built in $((SECONDS - start)) s" >&2
echo "$bin"
