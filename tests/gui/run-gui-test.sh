#!/usr/bin/env bash
# Runs one GUI test in its own D-Bus session on its own Xvfb display:
#   run-gui-test.sh TEST-EXECUTABLE [ARG...]
# Without Xvfb (or D-Bus) it reports the whole test as skipped, in TAP.
set -u

for tool in xvfb-run dbus-run-session xauth; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "1..0 # SKIP $tool is not installed"
    exit 0
  fi
done

export GSK_RENDERER="${GSK_RENDERER:-cairo}"
export GTK_A11Y="${GTK_A11Y:-none}"
export NO_AT_BRIDGE=1
export GSETTINGS_BACKEND="${GSETTINGS_BACKEND:-memory}"
# The schema compiled in the build tree (meson sets it; by hand, run from the
# build directory).
export GSETTINGS_SCHEMA_DIR="${GSETTINGS_SCHEMA_DIR:-$PWD/data}"
export G_DEBUG="${G_DEBUG:-fatal-criticals}"
export LC_ALL="${LC_ALL:-C.UTF-8}"
# A test bus has no desktop portal: asking for one only adds noise and delay.
export ADW_DISABLE_PORTAL=1
export GTK_USE_PORTAL=0

exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$@"
