#!/usr/bin/env bash
# Installs what EEGScope needs to build and is missing: FFTW 3 (libfftw3-dev), zlib (zlib1g-dev,
# for compressed EEGLAB MAT-files) and pkg-config.
# Uses Debian/Ubuntu apt; runs as root or through sudo. Does nothing when all is present.
# With --with-chromium it also installs Chromium for scripts/render-reports.sh (opt-in: `make
# test` and `make demo` never need it).
set -euo pipefail

if [ "${1:-}" = "--with-chromium" ]; then
    if ! command -v chromium >/dev/null 2>&1; then
        SUDO=""
        if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
        export DEBIAN_FRONTEND=noninteractive
        $SUDO apt-get update -qq
        $SUDO apt-get install -y -qq chromium >/dev/null
    fi
fi

if pkg-config --exists fftw3 zlib 2>/dev/null; then
    exit 0
fi

echo "install-deps: FFTW 3 or zlib not found; installing libfftw3-dev, zlib1g-dev and pkg-config with apt-get" >&2
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install-deps: need root (or sudo) to install libfftw3-dev zlib1g-dev pkg-config" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libfftw3-dev zlib1g-dev pkg-config >/dev/null
pkg-config --exists fftw3 zlib
