#!/usr/bin/env bash
# Installs glue-lint for the composite action into $GLUE_LINT_ROOT/bin and puts it on
# the PATH. With GLUE_LINT_VERSION: downloads the release archive for the runner's OS and
# architecture and checks it against checksums.txt committed beside this script (so the
# action's tag pins the binary). Without: builds the action's own source with
# `cargo install --locked --path` (the action caches $GLUE_LINT_ROOT).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${GLUE_LINT_ROOT:?}"
mkdir -p "$root/bin"
add_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$root/bin" >>"$GITHUB_PATH"
  fi
}

if [ -z "${GLUE_LINT_VERSION:-}" ]; then
  if [ -x "$root/bin/glue-lint" ]; then
    echo "glue-lint: using the cached build: $("$root/bin/glue-lint" --version)"
  else
    cargo install --locked --quiet --root "$root" --path "${GLUE_LINT_SOURCE:?}"
  fi
  add_path
  exit 0
fi

version="${GLUE_LINT_VERSION#v}"
case "$version" in
  *[!0-9A-Za-z.+-]*) echo "glue-lint: bad version '$version'" >&2; exit 2 ;;
esac
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-musl ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-musl ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  MINGW* | MSYS* | CYGWIN*) target=x86_64-pc-windows-msvc ;;
  *) echo "glue-lint: no release binary for $(uname -s) $(uname -m); leave 'version' empty to build from source" >&2; exit 2 ;;
esac
archive="glue-lint-v$version-$target.tar.gz"
expected="$(awk -v f="$archive" '$2 == f { print $1 }' "$here/checksums.txt" 2>/dev/null || true)"
if [ -z "$expected" ]; then
  echo "glue-lint: $archive has no checksum in scripts/action/checksums.txt of this action version; use the action tag that matches the release" >&2
  exit 2
fi
repo="${GLUE_LINT_REPOSITORY:?}"
tmp="$(mktemp -d)"
curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 \
  -o "$tmp/$archive" "https://github.com/$repo/releases/download/v$version/$archive"
if command -v sha256sum >/dev/null; then
  actual="$(sha256sum "$tmp/$archive" | awk '{ print $1 }')"
else
  actual="$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')"
fi
if [ "$actual" != "$expected" ]; then
  echo "glue-lint: checksum mismatch for $archive: expected $expected, got $actual" >&2
  exit 2
fi
tar -xzf "$tmp/$archive" -C "$root/bin"
chmod +x "$root/bin/glue-lint"* || true
rm -rf "$tmp"
add_path
