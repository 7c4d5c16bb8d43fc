# What the headless browser tests (scripts/chromium_interop.sh,
# scripts/firefox_interop.sh) share; sourced, not run. It gives them a
# private $work directory, removed at exit along with every process
# registered with `stop_at_exit PID`, a package install, and a parley server
# started on a free loopback port.

work=$(mktemp -d)
processes_to_stop=()
stop_at_exit() { processes_to_stop+=("$1"); }
browser_interop_cleanup() {
  local status=$?
  local pid
  for pid in "${processes_to_stop[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
  exit "$status"
}
trap browser_interop_cleanup EXIT

# install_package COMMAND PACKAGE: apt-get installs PACKAGE unless COMMAND
# is already there (refreshing the package lists only if the first try fails).
install_package() {
  command -v "$1" >/dev/null && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "$2" ||
    { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "$2"; }
}

# wait_for_line FILE PATTERN PID: true once FILE has a line matching PATTERN
# (5 s at most), false if PID exits first.
wait_for_line() {
  local _
  for _ in $(seq 50); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "$2" "$1" 2>/dev/null
}

# start_parley_server PARLEY LOG ARGS...: `PARLEY server ARGS...` on
# 127.0.0.1, a random port tried up to five times (another process may hold
# it). Sets $port and registers the server to be stopped at exit; stderr
# goes to LOG.
start_parley_server() {
  local parley=$1 log=$2 candidate pid _
  shift 2
  port=""
  for _ in 1 2 3 4 5; do
    candidate=$((20000 + RANDOM % 20000))
    "$parley" server --accept "127.0.0.1:$candidate" "$@" 2>"$log" &
    pid=$!
    if wait_for_line "$log" "listening" "$pid"; then
      port=$candidate
      stop_at_exit "$pid"
      return 0
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  echo "parley server did not start:"
  cat "$log"
  return 1
}
