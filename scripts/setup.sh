#!/usr/bin/env bash
# Set up this machine for the blog: a .venv with the pinned Python packages.
#   bash scripts/setup.sh          what writing and previewing need
#   bash scripts/setup.sh --test   also what the tests need: Debian's chromium,
#                                  a JRE (for vnu), openssh-server and rsync
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
[[ "${1:-}" == "--test" ]] && want_tests=1

DEBIAN_PACKAGES=(chromium default-jre-headless openssh-server rsync git fonts-dejavu-core fonts-noto-cjk)

if (( want_tests )); then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if (( ${#missing[@]} )); then
    sudo=""
    if (( EUID != 0 )); then
      command -v sudo >/dev/null || { echo "Please install: ${missing[*]} (as root)"; exit 1; }
      sudo="sudo"
    fi
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
  "$PYTHON" -m venv .venv
fi
extras=""
(( want_tests )) && extras="[test]"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".${extras}"
# --- Publishing: axe-core (npm, pinned in package-lock.json) for `invoke check`'s audit ---
if (( want_tests )) && ! command -v npm >/dev/null; then
  as_root=""
  (( EUID != 0 )) && as_root="sudo"
  echo "Installing Debian packages: nodejs npm"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if command -v npm >/dev/null && [[ ! -f node_modules/axe-core/axe.min.js ]]; then
  npm ci --no-audit --no-fund --silent
fi
echo "Ready: .venv has the blog's packages${extras:+ and the test packages}."
