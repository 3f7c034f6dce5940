# Shared helpers for scripts/test and scripts/demo. Source it; do not run it.

IFX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build, the tests and the tools need.
IFX_PACKAGES=(g++ cmake ninja-build pkg-config libasio-dev libssl-dev libsqlite3-dev
              libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libedit-dev)

log() { printf '==> %s\n' "$*" >&2; }

# Installs whatever of the given Debian packages is missing (as root, or through sudo).
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { log "missing packages (${missing[*]}) and not root"; return 1; }
        sudo=(sudo)
    fi
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures and builds one CMake preset (targets optional).
build_preset() {
    local preset=$1
    shift
    (cd "$IFX_ROOT" && cmake --preset "$preset" >/dev/null)
    if [ $# -gt 0 ]; then
        (cd "$IFX_ROOT" && cmake --build --preset "$preset" --target "$@")
    else
        (cd "$IFX_ROOT" && cmake --build --preset "$preset")
    fi
}

# Starts ifxlite in the background on a free loopback port (or on $IFXLITE_LISTEN, HOST:PORT);
# sets IFXLITE_PID and IFXLITE_PORT. Usage: start_ifxlite BINARY DATA_DIR [extra flags…]
start_ifxlite() {
    local bin=$1 data=$2
    shift 2
    local out="$data/ifxlite.out"
    "$bin" --listen "${IFXLITE_LISTEN:-127.0.0.1:0}" --data "$data" "$@" >"$out" 2>"$data/ifxlite.log" &
    IFXLITE_PID=$!
    local i
    for i in $(seq 1 200); do
        if grep -q '^ifxlite listening on ' "$out" 2>/dev/null; then
            IFXLITE_PORT=$(sed -n 's/^ifxlite listening on .*:\([0-9]*\)$/\1/p' "$out" | head -n 1)
            return 0
        fi
        kill -0 "$IFXLITE_PID" 2>/dev/null || break
        sleep 0.1
    done
    log "ifxlite did not start:"
    cat "$data/ifxlite.log" >&2
    return 1
}

stop_ifxlite() {
    [ -n "${IFXLITE_PID:-}" ] || return 0
    kill -TERM "$IFXLITE_PID" 2>/dev/null || true
    wait "$IFXLITE_PID" 2>/dev/null || true
    IFXLITE_PID=
}
