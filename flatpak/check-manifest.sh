#!/usr/bin/env bash
# check-manifest.sh MANIFEST: flatpak-builder parses the manifest, with any
# warning it prints counted as a failure. The runtime is not fetched (no
# network in tests), so this checks the manifest, not the build.
set -u
manifest="$1"
err="$(mktemp)"
trap 'rm -f "$err"' EXIT

if ! flatpak-builder --show-manifest "$manifest" >/dev/null 2>"$err"; then
  cat "$err" >&2
  exit 1
fi
if [[ -s "$err" ]]; then
  echo "flatpak-builder warned:" >&2
  cat "$err" >&2
  exit 1
fi
# The app runs the window, and its id is the release id.
grep -q '"command": "orkestron"' "$manifest" || { echo "command is not orkestron" >&2; exit 1; }
grep -q '"app-id": "io.github.orkestron.Orkestron"' "$manifest" || { echo "wrong app-id" >&2; exit 1; }
echo "ok"
