#!/usr/bin/env bash
# Set up this machine for the blog: a .venv with the pinned Python packages.
#   bash scripts/setup.sh          what writing and previewing need
#   bash scripts/setup.sh --test   also what the tests need: Debian's chromium,
#                                  a JRE (for vnu), openssh-server and rsync
# The tests only need the sshd binary (they start their own on 127.0.0.1): when this
# script installs openssh-server, it never starts it nor leaves it enabled.
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
    new_sshd=0
    [[ " ${missing[*]} " == *" openssh-server "* ]] && new_sshd=1
    policy=/usr/sbin/policy-rc.d
    own_policy=0
    if (( new_sshd )) && [[ ! -e $policy ]]; then
      # Exit 101 = "action forbidden": invoke-rc.d and deb-systemd-invoke start no
      # service during this install (so no SSH server appears on port 22).
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
      $sudo chmod 755 "$policy"
      own_policy=1
      trap '$sudo rm -f "$policy"' EXIT
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if (( own_policy )); then
      $sudo rm -f "$policy"
      trap - EXIT
    fi
    if (( new_sshd )); then
      # Debian's ssh units do not run while this file exists (not at boot either), and
      # they are not left enabled. Remove the file to run an SSH server on purpose.
      $sudo touch /etc/ssh/sshd_not_to_be_run
      if command -v systemctl >/dev/null; then
        $sudo systemctl disable ssh.service ssh.socket >/dev/null 2>&1 || true
      fi
      echo "openssh-server installed for the tests' sshd binary; not started, not enabled."
    fi
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
