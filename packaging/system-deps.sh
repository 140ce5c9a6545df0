#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Gemba Console needs that are missing, and says which.
# Used by `make demo`, `make test` and .ci/run. Nothing is installed when everything is there.
set -euo pipefail

# Qt (PySide6) runtime: OpenGL/EGL, fonts, keyboard, D-Bus, and the xcb platform plugin's
# libraries for a real desktop; a CJK font so the Traditional Chinese interface renders;
# PostgreSQL for the cache tests that prove the shared-database schema, mosquitto for the
# Sparkplug B tests.
packages=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0
  fonts-noto-cjk
)
if [[ "${GEMBA_WITH_POSTGRES:-0}" == "1" ]]; then
  # The test setup also needs an MQTT broker for the Sparkplug B source.
  packages+=(postgresql mosquitto)
fi
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing missing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    sudo="sudo"
  else
    echo "Please install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
