#!/usr/bin/env bash
# A private Virtuoso 7 instance for testing `minilat push` (Debian: apt-get install virtuoso-opensource).
#
#   scripts/virtuoso.sh start DIR [HTTP_PORT] [SQL_PORT]   # writes DIR/virtuoso.ini, starts, waits, sets the password
#   scripts/virtuoso.sh stop DIR                           # stops the instance whose pid is in DIR/virtuoso.pid
#
# Everything (database, log, pid) lives in DIR; both ports are bound to 127.0.0.1 only.
# The admin password of the fresh instance (dba/dba) is replaced by $VIRTUOSO_PASSWORD
# (default: a random one, written to DIR/password). Push with the digest-authenticated
# Graph Store endpoint http://127.0.0.1:HTTP_PORT/sparql-graph-crud-auth as dba.
set -euo pipefail

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR [HTTP_PORT] [SQL_PORT]" >&2; exit 2; }

case "$cmd" in
start)
  http=${3:-18890}; sql=${4:-11111}
  command -v virtuoso-t >/dev/null || { echo "virtuoso-t not found: apt-get install virtuoso-opensource" >&2; exit 3; }
  mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
  vad=/usr/share/virtuoso-opensource-7/vad
  cat >"$dir/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:$sql
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = ., $dir, $vad
VADInstallDir        = $vad/
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort           = 127.0.0.1:$http
ServerRoot           = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads        = 10
DavRoot              = DAV
EnabledDavVSP        = 0
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
DeferInferenceRulesInit    = 0
EOF
  if [ -f "$dir/virtuoso.pid" ] && kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null; then
    echo "already running (pid $(cat "$dir/virtuoso.pid"))" >&2; exit 1
  fi
  (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini" >"$dir/stdout.log" 2>&1) &
  echo $! >"$dir/virtuoso.pid"
  # Ready when the HTTP listener answers a SPARQL ASK (about 4 s on a fresh database).
  for _ in $(seq 1 120); do
    if python3 - "$http" <<'PY' 2>/dev/null; then break; fi
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/sparql?query=ASK%7B%7D", timeout=1).read()
PY
    kill -0 "$(cat "$dir/virtuoso.pid")" 2>/dev/null || { echo "virtuoso exited; see $dir/virtuoso.log" >&2; tail -5 "$dir/virtuoso.log" >&2; exit 1; }
    sleep 0.25
  done
  password=${VIRTUOSO_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_hex(12))')}
  # Replace the fresh instance's dba/dba; never grant anonymous update rights.
  isql-vt "127.0.0.1:$sql" dba dba exec="USER_SET_PASSWORD('dba', '$password');" >"$dir/isql.log" 2>&1 \
    || { echo "could not set the dba password; see $dir/isql.log" >&2; exit 1; }
  umask 077; echo "$password" >"$dir/password"
  echo "virtuoso ready: http://127.0.0.1:$http/sparql (pid $(cat "$dir/virtuoso.pid"), sql 127.0.0.1:$sql, dir $dir)"
  ;;
stop)
  [ -f "$dir/virtuoso.pid" ] || { echo "no pid file in $dir" >&2; exit 1; }
  pid=$(cat "$dir/virtuoso.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$dir/virtuoso.pid"
  echo "virtuoso stopped"
  ;;
*) echo "usage: $0 start|stop DIR [HTTP_PORT] [SQL_PORT]" >&2; exit 2 ;;
esac
