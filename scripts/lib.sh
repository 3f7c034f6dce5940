# Shared helpers for scripts/test and scripts/demo. Source it; do not run it.

IFX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages the build, the tests and the tools need.
IFX_PACKAGES=(g++ cmake ninja-build pkg-config libasio-dev libssl-dev libsqlite3-dev
              libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libedit-dev)
# And what scripts/test needs beyond them: clang (libFuzzer), the lint tools, python3 (fuzz seeds).
IFX_TEST_PACKAGES=(clang clang-format clang-tidy python3 nmap)
# And the Python driver's (python/, scripts/test-python): the interpreter's headers, pybind11, venv,
# the build backend (setuptools + wheel: pip install --no-build-isolation, offline), pytest, and
# openssl to make the TLS tests' certificate.
IFX_PYTHON_PACKAGES=(python3-dev python3-venv python3-setuptools python3-wheel python3-pytest pybind11-dev openssl)

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

# Configures and builds one CMake preset (targets optional). Compiles through ccache when it is
# installed (IFX_CCACHE=0 turns that off); a fresh machine has none, and builds cold.
build_preset() {
    local preset=$1 launcher=
    shift
    if [ "${IFX_CCACHE:-1}" != 0 ] && command -v ccache >/dev/null; then
        launcher=ccache
        # Without these ccache does not cache a file compiled with a precompiled header (IFX_PCH,
        # the sanitizer presets' tests); no source uses __DATE__ or __TIME__.
        case ",${CCACHE_SLOPPINESS:-}," in
            *,pch_defines,time_macros,*) ;;
            *) export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:+$CCACHE_SLOPPINESS,}pch_defines,time_macros" ;;
        esac
    fi
    (cd "$IFX_ROOT" && cmake --preset "$preset" -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" >/dev/null)
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

# ---- stages: named steps with their times, for scripts/test and anything like it -------------------
# run_stage NAME COMMAND [ARGS…] runs the command in a subshell with errexit, logs its name, and
# records its wall time, its CPU time (user+sys of everything it ran, children included) and the
# machine's 1-minute load average when it ended. Its status is left in IFX_STAGE_STATUS: call
# run_stage as a plain command, never in a condition (`if`, `||`), where bash would ignore errexit
# inside the stage. print_stage_times prints the table of every stage run so far.
IFX_STAGE_ROWS=()
IFX_STAGE_FAILED=0
IFX_STAGE_STATUS=0

# CPU seconds (user+sys) of this shell's finished children: /proc's cutime+cstime, in clock ticks.
_children_cpu_ticks() {
    local stat
    read -r -a stat </proc/$$/stat
    echo $((stat[15] + stat[16]))
}

run_stage() {
    local name=$1 start cpu status end
    shift
    log "$name"
    start=$(date +%s%N)
    cpu=$(_children_cpu_ticks)
    set +e
    (
        set -e
        "$@"
    )
    status=$?
    set -e
    end=$(date +%s%N)
    cpu=$(($(_children_cpu_ticks) - cpu))
    local load
    read -r load _ </proc/loadavg
    local wall=$(((end - start) / 1000000000)) cpu_s=$((cpu / $(getconf CLK_TCK)))
    IFX_STAGE_ROWS+=("$name $wall $cpu_s $load $status")
    IFX_STAGE_STATUS=$status
    if [ "$status" -ne 0 ]; then
        IFX_STAGE_FAILED=$((IFX_STAGE_FAILED + 1))
        log "$name FAILED (status $status; wall $(_min_sec "$wall"), cpu $(_min_sec "$cpu_s"), load $load)"
    else
        log "$name ok (wall $(_min_sec "$wall"), cpu $(_min_sec "$cpu_s"), load $load)"
    fi
}

_min_sec() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }

print_stage_times() {
    [ ${#IFX_STAGE_ROWS[@]} -gt 0 ] || return 0
    local row name wall cpu load status total_wall=0 total_cpu=0
    printf '\n==> time per stage (%s cores; cpu = user+sys of the stage and its children; load = 1-min load average at its end)\n' "$(nproc)" >&2
    printf '    %-14s %7s %7s %6s  %s\n' stage wall cpu load result >&2
    for row in "${IFX_STAGE_ROWS[@]}"; do
        read -r name wall cpu load status <<<"$row"
        total_wall=$((total_wall + wall))
        total_cpu=$((total_cpu + cpu))
        printf '    %-14s %7s %7s %6s  %s\n' "$name" "$(_min_sec "$wall")" "$(_min_sec "$cpu")" "$load" \
            "$([ "$status" -eq 0 ] && echo ok || echo "FAILED ($status)")" >&2
    done
    printf '    %-14s %7s %7s\n' total "$(_min_sec "$total_wall")" "$(_min_sec "$total_cpu")" >&2
}
