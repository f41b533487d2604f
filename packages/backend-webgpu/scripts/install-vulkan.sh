#!/usr/bin/env bash
# Installs a software Vulkan driver (Mesa's lavapipe) so that Dawn, behind the npm package `webgpu`, finds a
# WebGPU adapter on a machine without a GPU. Dawn refuses bookworm's Mesa 22.x, so Mesa comes from
# bookworm-backports (25.x). Idempotent: does nothing when a new enough lavapipe is already installed.
# Needs root (CI runs as root); elsewhere run it with sudo. Debian/Ubuntu only.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-vulkan: needs root (or sudo) to install mesa-vulkan-drivers" >&2
    exit 1
  fi
fi

mesa_major() {
  dpkg-query -W -f='${Status} ${Version}\n' mesa-vulkan-drivers 2>/dev/null |
    awk '/install ok installed/ { split($4, v, "."); sub(/^[0-9]+:/, "", v[1]); print v[1]; exit }'
}

have="$(mesa_major || true)"
if [ -n "$have" ] && [ "$have" -ge 25 ] && ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
  echo "install-vulkan: mesa-vulkan-drivers $have.x (lavapipe) already installed"
  exit 0
fi

. /etc/os-release
codename="${VERSION_CODENAME:-bookworm}"
list=/etc/apt/sources.list.d/${codename}-backports.list
if ! grep -rqs "^deb .* ${codename}-backports " /etc/apt/sources.list /etc/apt/sources.list.d/ && \
   ! grep -rqs "Suites:.*${codename}-backports" /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian ${codename}-backports main" | $SUDO tee "$list" >/dev/null
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq -t "${codename}-backports" mesa-vulkan-drivers >/dev/null
echo "install-vulkan: installed mesa-vulkan-drivers $(mesa_major).x (lavapipe)"
