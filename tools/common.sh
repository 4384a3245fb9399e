# tools/common.sh — shared by tools/run and tools/test (sourced, not run).
#
# Installs the Debian 12 packages the project needs when one is missing, and
# builds a meson build directory.

# Everything the build, the tests and the GUI need.
ORK_PACKAGES=(
  build-essential meson ninja-build pkg-config
  libglib2.0-dev libglib2.0-dev-bin libjson-glib-dev libsqlite3-dev tzdata
  libgtk-4-dev libadwaita-1-dev
  xvfb xauth dbus dbus-x11 gettext desktop-file-utils appstream imagemagick
  clang libclang-rt-14-dev
)

ork_install_missing_packages ()
{
  local missing=() pkg sudo=()

  for pkg in "${ORK_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)" != ii* ]]; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi

  if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "$0: missing packages, and not root to install them: ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "$0: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update
  "${sudo[@]}" apt-get install -y "${missing[@]}"
}

# ork_build DIR [MESON OPTION...]: sets DIR up once, reconfigures it after
# that (the meson files pick up source files only when they exist), builds.
ork_build ()
{
  local dir="$1"
  shift

  if [[ -f "$dir/meson-private/coredata.dat" ]]; then
    meson setup --reconfigure "$dir" "$@" || return 1
  else
    meson setup "$dir" "$@" || return 1
  fi
  ninja -C "$dir" || return 1
}
