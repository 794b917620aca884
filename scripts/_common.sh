# shellcheck shell=bash
# Shared steps for scripts/demo and scripts/test. Sourced, not run.
# Each step is idempotent, so a second run only checks and moves on.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# uv manages the virtualenv from uv.lock. It is a pip package, so a machine
# with Python but no uv gets it from pip, never from a downloaded binary.
UV=()
ensure_uv() {
    if python3 -m uv --version >/dev/null 2>&1; then
        UV=(python3 -m uv)
    elif uv --version >/dev/null 2>&1; then  # a pyenv shim can exist yet fail
        UV=(uv)
    else
        say "Installing uv with pip"
        python3 -m pip install --user --quiet uv \
            || python3 -m pip install --user --quiet --break-system-packages uv \
            || pip install --quiet uv
        UV=(python3 -m uv)
    fi
    "${UV[@]}" --version
}

ensure_venv() {
    say "Installing Python packages (uv sync --locked)"
    "${UV[@]}" sync --locked
    PY="$ROOT/.venv/bin/python"
}

ensure_assets() {
    say "Installing front-end assets from package-lock.json"
    local rc=0
    "$PY" scripts/fetch_assets.py || rc=$?
    if [ "$rc" -eq 3 ]; then
        # No registry address configured anywhere: npm's own config knows it.
        apt_install npm
        "$PY" scripts/fetch_assets.py
    elif [ "$rc" -ne 0 ]; then
        return "$rc"
    fi
}
