#!/usr/bin/env bash
# Installs the Debian 12 packages mattermerge builds and tests with (run as root, or with sudo).
set -euo pipefail
# zip and unzip: the end-to-end tests make and read zips with them.
packages=(cmake make g++ pkg-config python3 file zstd bc time zip unzip
  libtbb-dev libsimdjson-dev libzstd-dev libxxhash-dev libmagic-dev libmagic-mgc
  libgtest-dev libbenchmark-dev libcli11-dev libfmt-dev libtomlplusplus-dev libzip-dev zlib1g-dev libisal-dev
  # Only for tests/e2e/html_report.sh (the report page rendered headless) and docs/report.png;
  # the CJK fonts draw the Japanese names the generator plants.
  chromium fonts-noto-cjk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
