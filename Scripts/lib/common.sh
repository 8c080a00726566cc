# Shared by the scripts: repository root, logging, and installing what a fresh Debian machine lacks.
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
say() { echo "[$(basename "$0")] $*" >&2; }

apt_updated=0
# ensure_debs PKG...: installs the Debian packages that are not installed yet (apt-get update once).
ensure_debs() {
    local missing=()
    for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    if [ $apt_updated = 0 ]; then $sudo apt-get update -qq >/dev/null; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# ensure_pip MODULE=PACKAGE...: installs the PyPI packages whose module does not import.
ensure_pip() {
    local missing=()
    for spec in "$@"; do python3 -c "import ${spec%%=*}" 2>/dev/null || missing+=("${spec#*=}"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing PyPI packages: ${missing[*]}"
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}"
}

# The system libraries every build needs.
ensure_build_deps() {
    ensure_debs pkg-config libssl-dev zlib1g-dev libsqlite3-dev openssl curl
}
