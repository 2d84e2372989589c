# Shared by run.sh and test.sh: install the Debian packages that are missing.
# Usage: . scripts/deps.sh; ensure_packages pkg...

ensure_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    echo "==> installing missing Debian packages: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            echo "error: need root (or sudo) to install: ${missing[*]}" >&2
            return 1
        fi
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# zlib, snappy, lz4, zstd: the record batch codecs (src/protocol/compression.c).
BUILD_PACKAGES=(build-essential cmake pkg-config zlib1g-dev libsnappy-dev liblz4-dev libzstd-dev)
