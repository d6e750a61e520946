#!/usr/bin/env bash
# A clamd of our own for the tests (issue 13), sourced by .ci/run:
#   clamd_start   start clamd on a unix socket in a temporary folder, with a tiny
#                 database holding only a signature of the EICAR test string (no
#                 download: freshclam cannot reach the internet in CI); exports
#                 CLAMD_SOCKET and SILLON_REQUIRE_CLAMD=1 once it answers PING.
#   clamd_stop    stop it and remove the folder (call it from the EXIT trap).
# Run directly (`.ci/clamd.sh`) it starts clamd, prints the socket and the start
# time, and stops it.

clamd_dir=""

clamd_start() {
  command -v clamd >/dev/null || { echo "clamd is not installed."; return 1; }
  clamd_dir=$(mktemp -d)
  chmod 755 "$clamd_dir"
  # A body signature (.ndb): the EICAR string anywhere in any file, so that an
  # EICAR wrapped in a PDF is found too. Hex of the 68-byte EICAR test string.
  local eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
  printf 'Eicar-Test-Signature:0:*:%s\n' \
    "$(printf '%s' "$eicar" | od -An -tx1 | tr -d ' \n')" >"$clamd_dir/eicar.ndb"
  cat >"$clamd_dir/clamd.conf" <<CONF
DatabaseDirectory $clamd_dir
LocalSocket $clamd_dir/clamd.sock
LocalSocketMode 666
PidFile $clamd_dir/clamd.pid
LogFile $clamd_dir/clamd.log
TemporaryDirectory $clamd_dir
Foreground no
User $(id -un)
StreamMaxLength 100M
CONF
  local begin
  begin=$(date +%s.%N)
  clamd --config-file="$clamd_dir/clamd.conf" || { cat "$clamd_dir/clamd.log"; return 1; }
  for _ in $(seq 150); do
    clamd_answers && break
    sleep 0.2
  done
  if ! clamd_answers; then
    echo "clamd does not answer:"; cat "$clamd_dir/clamd.log"; return 1
  fi
  clamd_start_seconds=$(echo "$(date +%s.%N) - $begin" | bc 2>/dev/null ||
    python3 -c "print(round($(date +%s.%N) - $begin, 2))")
  export CLAMD_SOCKET="$clamd_dir/clamd.sock"
  export SILLON_REQUIRE_CLAMD=1
  echo "clamd answers on $CLAMD_SOCKET (started in ${clamd_start_seconds}s)"
}

clamd_answers() {
  [ -S "$clamd_dir/clamd.sock" ] || return 1
  python3 - "$clamd_dir/clamd.sock" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
}

clamd_stop() {
  [ -n "$clamd_dir" ] || return 0
  if [ -s "$clamd_dir/clamd.pid" ]; then
    local pid
    pid=$(cat "$clamd_dir/clamd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$clamd_dir"
  clamd_dir=""
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  trap clamd_stop EXIT
  clamd_start
fi
