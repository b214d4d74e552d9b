#!/usr/bin/env bash
# Set-up and entry point for a Debian or Ubuntu machine.
#   ./unbrace.sh run [ARGS...]           install what is missing, then open Unbrace (ARGS go to `unbrace`)
#   ./unbrace.sh test [ARGS...]          install what is missing, then run ruff, mypy and the whole suite
#   ./unbrace.sh test --latest [ARGS...] the same in .venv-latest, with the newest releases that
#                                        pyproject.toml's ranges allow instead of the lock
#   ./unbrace.sh lock [--upgrade]        write requirements/*.txt again from pyproject.toml's ranges
#                                        (--upgrade: move every pin to the newest release allowed)
# Python packages come from the lock (requirements/*.txt: exact versions with hashes), so every
# machine gets the same ones. run, test and lock are idempotent and print nothing about set-up
# when there is nothing to do.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"
venv="$here/.venv"

# Debian packages. Runtime: a compiler and ALSA headers to build simpleaudio, the libraries Qt's
# xcb platform plugin loads, two speech synthesisers for spoken guidance (flite, whose voices
# sound most natural, and espeak-ng), and Inter, the soft sans the look prefers. Tests: a virtual
# X server, a window manager that hosts a tray, D-Bus, and the desktop's validators of the menu
# entry and the AppStream metainfo.
runtime_pkgs=(gcc libc6-dev libasound2-dev libegl1 libgl1 libfontconfig1 libxkbcommon0
  libxkbcommon-x11-0 libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libx11-6 libxss1 flite espeak-ng
  fonts-inter)
test_pkgs=(xvfb jwm dbus desktop-file-utils appstream)

# The locked Python packages: build.txt (pip and the build backends, installed first so that
# nothing is built with unpinned tools), runtime.txt (what `run` needs), test.txt (runtime.txt's
# pins plus the test tools). `lock` writes them with uv, itself pinned here.
locks="$here/requirements"
uv_pin="uv==0.13.9"

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

make_venv() {  # make_venv DIR: a virtual environment in DIR with this machine's Python 3.11+
  local dir=$1 py
  [ -x "$dir/bin/python" ] && return 0
  py=$(find_python)
  say "creating the virtual environment in ${dir#"$here"/}"
  if ! "$py" -m venv "$dir" 2>/dev/null; then
    rm -rf "$dir"
    install_debs python3-venv
    "$py" -m venv "$dir"
  fi
}

stamp_of() {  # stamp_of LOCK: the file that says .venv holds requirements/LOCK.txt as it is now
  echo "$venv/.stamp-$1-$(cat "$locks/build.txt" "$locks/$1.txt" pyproject.toml | sha256sum | cut -c1-16)"
}

# ensure_venv LOCK: .venv holds the packages of requirements/LOCK.txt (and build.txt), then
# Unbrace itself, editable. test.txt holds runtime.txt's pins plus the test tools, so either
# serves `run`, and `test` adds its tools to a runtime environment. When a lock or
# pyproject.toml has changed, .venv is made anew, so nothing the lock no longer names stays.
ensure_venv() {
  [ -f "$(stamp_of "$1")" ] && return 0
  [ "$1" = runtime ] && [ -f "$(stamp_of test)" ] && return 0
  if [ -d "$venv" ] && [ ! -f "$(stamp_of runtime)" ]; then
    say "the lock has changed: making .venv anew"
    rm -rf "$venv"
  fi
  make_venv "$venv"
  say "installing Python packages into .venv from requirements/$1.txt"
  pip_quietly install --require-hashes --no-deps -r "$locks/build.txt"
  pip_quietly install --require-hashes --no-deps --no-build-isolation -r "$locks/$1.txt"
  pip_quietly install --no-deps --no-build-isolation -e .
  pip_quietly check >/dev/null || { "$venv/bin/python" -m pip check; return 1; }
  rm -f "$venv"/.stamp-"$1"-*
  touch "$(stamp_of "$1")"
}

# Once per user, the first `run` puts Unbrace in the desktop's application menu; a marker in the
# data folder remembers it, so `unbrace desktop-entry remove` is not undone by a later `run`.
offer_menu_entry() {
  local data=${XDG_DATA_HOME:-} marker
  [[ $data == /* ]] || data="$HOME/.local/share"
  marker="$data/unbrace/.menu-entry-offered"
  [ -e "$marker" ] && return 0
  if "$venv/bin/unbrace" desktop-entry install >&2; then
    mkdir -p -m 700 "$data/unbrace" && touch "$marker"
  fi
}

# The newest releases inside pyproject.toml's ranges, in their own environment, every time.
ensure_latest_venv() {
  venv="$here/.venv-latest"
  make_venv "$venv"
  say "installing the newest allowed releases into .venv-latest"
  pip_quietly install --upgrade pip
  pip_quietly install --upgrade --upgrade-strategy eager -e ".[test]"
  "$venv/bin/python" -m pip list --format=freeze --exclude-editable 2>/dev/null |
    grep -iE '^(pyside6[-_]essentials|pydantic|pyyaml|numpy|platformdirs|simpleaudio-patched|pytest|pytest-qt|hypothesis)==' |
    tr '\n' ' ' | sed 's/^/unbrace.sh: testing with /; s/ $/\n/' >&2
}

lock() {
  local tools="$here/.venv-tools" upgrade=()
  [ "${1:-}" = "--upgrade" ] && upgrade=(--upgrade)
  make_venv "$tools"
  "$tools/bin/python" -m pip -q --disable-pip-version-check install "$uv_pin"
  local compile=("$tools/bin/uv" pip compile -q --universal --python-version 3.11
    --generate-hashes --custom-compile-command "./unbrace.sh lock" "${upgrade[@]}")
  cd "$locks"
  "${compile[@]}" ../pyproject.toml --extra test build.in -o test.txt
  "${compile[@]}" ../pyproject.toml build.in -c test.txt -o runtime.txt
  "${compile[@]}" build.in -c test.txt -o build.txt
  say "wrote requirements/build.txt, runtime.txt and test.txt"
}

case "${1:-}" in
  run)
    shift
    install_debs "${runtime_pkgs[@]}"
    ensure_venv runtime
    offer_menu_entry || true
    exec "$venv/bin/unbrace" "$@"
    ;;
  test)
    shift
    install_debs "${runtime_pkgs[@]}" "${test_pkgs[@]}"
    if [ "${1:-}" = "--latest" ]; then
      shift
      ensure_latest_venv
    else
      ensure_venv test
    fi
    UNBRACE_VENV="$venv" exec "$here/.ci/test-suite" "$@"
    ;;
  lock)
    shift
    lock "$@"
    ;;
  *)
    echo "usage: ./unbrace.sh run [ARGS...] | test [--latest] [PYTEST ARGS...] | lock [--upgrade]" >&2
    exit 2
    ;;
esac
