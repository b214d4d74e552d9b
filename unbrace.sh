#!/usr/bin/env bash
# Set-up and entry point for a Debian or Ubuntu machine.
#   ./unbrace.sh run [ARGS...]   install what is missing, then open Unbrace (ARGS go to `unbrace`)
#   ./unbrace.sh test [ARGS...]  install what is missing, then run ruff, mypy and the whole test suite
# Both are idempotent and print nothing about set-up when there is nothing to do.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
venv="$here/.venv"

# Debian packages. Runtime: a compiler and ALSA headers to build simpleaudio, the libraries Qt's
# xcb platform plugin loads. Tests: a virtual X server, a window manager that hosts a tray, D-Bus.
runtime_pkgs=(gcc libc6-dev libasound2-dev libegl1 libgl1 libfontconfig1 libxkbcommon0
  libxkbcommon-x11-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libx11-6 libxss1)
test_pkgs=(xvfb jwm dbus)

say() { printf 'unbrace.sh: %s\n' "$*" >&2; }

install_debs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if ! command -v apt-get >/dev/null; then
    say "missing system packages (${missing[*]}) and no apt-get here: install them by hand"
    return 1
  fi
  local sudo=()
  ((EUID == 0)) || sudo=(sudo)
  say "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

find_python() {
  local c
  for c in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$c" ] && command -v "$c" >/dev/null || continue
    if "$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  say "Unbrace needs Python 3.11 or newer (python3 here is older); install it, or set PYTHON=..."
  return 1
}

# pip, without the warnings some machines' pip configuration prints about absent local mirrors
pip_quietly() {
  "$venv/bin/python" -m pip -q --disable-pip-version-check "$@" 2> >(grep -v 'is ignored: it is neither a file nor a directory' >&2)
}

ensure_venv() {
  local stamp py
  stamp="$venv/.stamp-$(sha256sum pyproject.toml | cut -c1-16)"
  [ -f "$stamp" ] && return 0
  py=$(find_python)
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the virtual environment in .venv"
    if ! "$py" -m venv "$venv" 2>/dev/null; then
      rm -rf "$venv"
      install_debs python3-venv
      "$py" -m venv "$venv"
    fi
  fi
  say "installing Python packages into .venv"
  pip_quietly install --upgrade pip
  pip_quietly install -e ".[test]"
  rm -f "$venv"/.stamp-*
  touch "$stamp"
}

case "${1:-}" in
  run)
    shift
    install_debs "${runtime_pkgs[@]}"
    ensure_venv
    exec "$venv/bin/unbrace" "$@"
    ;;
  test)
    shift
    install_debs "${runtime_pkgs[@]}" "${test_pkgs[@]}"
    ensure_venv
    exec "$here/.ci/test-suite" "$@"
    ;;
  *)
    echo "usage: ./unbrace.sh run [ARGS...] | ./unbrace.sh test [PYTEST ARGS...]" >&2
    exit 2
    ;;
esac
