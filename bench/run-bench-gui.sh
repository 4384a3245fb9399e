#!/usr/bin/env bash
# Runs bench-gui on its own Xvfb display in its own D-Bus session, with the
# cairo renderer, as the GUI tests run:
#   bench/run-bench-gui.sh [BUILDDIR] [FIRST_JOBS [LOAD_JOBS [SECONDS [RATE]]]]
# BUILDDIR defaults to ./build; the arguments after it go to bench-gui.
set -eu

builddir="${1:-build}"
shift || true
bench="$builddir/bench/bench-gui"
if [ ! -x "$bench" ]; then
  echo "run-bench-gui.sh: $bench not found (ninja -C $builddir first)" >&2
  exit 1
fi
for tool in xvfb-run dbus-run-session xauth; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-bench-gui.sh: $tool is not installed" >&2
    exit 1
  fi
done

export GSK_RENDERER=cairo
export GTK_A11Y=none
export NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory
# The app's settings schema, compiled in the build tree (data/meson.build).
export GSETTINGS_SCHEMA_DIR="$(cd "$builddir/data" && pwd)"
export LC_ALL=C.UTF-8
export TZ=UTC
# A private bus has no desktop portal: asking for one only adds delay.
export ADW_DISABLE_PORTAL=1
export GTK_USE_PORTAL=0

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -n), $(nproc) CPUs," \
     "$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1)"
echo "# load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$bench" "$@"
echo "# load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
