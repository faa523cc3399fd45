#!/usr/bin/env bash
# Side-by-side load benchmark: Parlance vs Prosody vs ejabberd (Debian packages), all on loopback.
#
#   benchmarks/load/run.sh [--quick] [--reps N] [--servers parlance,prosody,ejabberd] [--idle 1000,5000]
#                          [--seconds S] [--sources 127.0.0.1,127.0.0.2] [--fresh] [--scenarios 1,2,3,4,5]
#
# Builds the generator (and the Parlance distribution if missing), starts each server in turn on its own
# loopback port with its own data dir under benchmarks/load/target/run/, runs the scenarios (repetitions
# interleaved across servers), stops everything and prints one markdown table (median [min-max] per server and
# Parlance/peer ratios). Needs: JDK 17, Maven, and `apt-get install -y prosody ejabberd` for the peers (a peer
# that is not installed is skipped). Every generator run is bounded (--max-seconds) and stops by itself.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$HERE/target/run
JAR=$HERE/target/loadgen.jar
DIST=${PARLANCE_JAR:-$ROOT/distribution/target/parlance.jar}   # PARLANCE_JAR: a frozen copy, if others rebuild

REPS=3; SECONDS_RUN=5; WARMUP=2; IDLE=1000,5000; SERVERS=parlance,prosody,ejabberd; SOURCES=127.0.0.1; FRESH=0
SCENARIOS=1,2,3,4,5   # 6 runs with 5
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) REPS=1; SECONDS_RUN=3; WARMUP=1; IDLE=1000; shift;;
    --reps) REPS=$2; shift 2;;
    --seconds) SECONDS_RUN=$2; shift 2;;
    --servers) SERVERS=$2; shift 2;;
    --idle) IDLE=$2; shift 2;;
    --sources) SOURCES=$2; shift 2;;
    --fresh) FRESH=1; shift;;
    --scenarios) SCENARIOS=$2; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
want() { [[ ",$SCENARIOS," == *",$1,"* ]]; }
IDLE_MAX=$(echo "$IDLE" | tr ',' '\n' | sort -n | tail -1)
ACCOUNTS=$((100 + IDLE_MAX))
ulimit -n 65536 2>/dev/null || ulimit -n 20000 2>/dev/null || true
declare -A PORT=([parlance]=15222 [prosody]=25222 [ejabberd]=35222)

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# ---- build -------------------------------------------------------------------------------------------------
if [ ! -f "$JAR" ] || [ -n "$(find "$HERE/src" "$HERE/pom.xml" -newer "$JAR" 2>/dev/null | head -1)" ]; then
  log "building the load generator"
  (cd "$ROOT" && mvn -B -o -q -Pbenchmarks -f benchmarks/load/pom.xml package)
fi
if [ ! -f "$DIST" ]; then
  log "building the Parlance distribution"
  (cd "$ROOT" && if command -v mvn >/dev/null; then mvn -B -q package -DskipTests; else ./mvnw -B -q package -DskipTests; fi)
fi

# ---- peers available? ----------------------------------------------------------------------------------------
AVAIL=()
for s in ${SERVERS//,/ }; do
  case $s in
    parlance) AVAIL+=(parlance);;
    prosody) if command -v prosody >/dev/null; then AVAIL+=(prosody); else log "prosody not installed: skipped"; fi;;
    ejabberd) if command -v ejabberdctl >/dev/null; then AVAIL+=(ejabberd); else log "ejabberd not installed: skipped"; fi;;
  esac
done
for s in "${AVAIL[@]}"; do
  if (exec 3<>/dev/tcp/127.0.0.1/${PORT[$s]}) 2>/dev/null; then
    echo "port ${PORT[$s]} (for $s) is already in use on 127.0.0.1; stop whatever listens there" >&2; exit 1
  fi
done

[ "$FRESH" = 1 ] && rm -rf "$T"
mkdir -p "$T/certs"
if [ ! -f "$T/certs/localhost.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost -addext "subjectAltName=DNS:localhost" \
    -keyout "$T/certs/localhost.key" -out "$T/certs/localhost.crt" 2>/dev/null
  cat "$T/certs/localhost.crt" "$T/certs/localhost.key" > "$T/certs/localhost.pem"
fi
chmod 755 "$T" "$T/certs"; chmod 644 "$T/certs/"*
RESULTS=$T/results.tsv; : > "$RESULTS"
GENLOG=$T/generator.log; : > "$GENLOG"

SPID=""; GC=""; EJ_CTL=()
CLEANUP_PIDS=()
port_owner_ok() { # port pid: the listening socket on 127.0.0.1:port belongs to pid
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -q "pid=$2,"
}
start_server() { # tries 3 times: another process on this shared machine may hold the port for a while
  local try
  for try in 1 2 3; do
    local end=$((SECONDS + 60))
    while (exec 3<>/dev/tcp/127.0.0.1/${PORT[$1]}) 2>/dev/null && [ $SECONDS -lt $end ]; do
      log "port ${PORT[$1]} is busy (not ours), waiting"; sleep 5
    done
    start_server_once "$1"
    if port_owner_ok ${PORT[$1]} "$SPID"; then return 0; fi
    log "$1: port ${PORT[$1]} is not served by our process $SPID (try $try)"
    stop_server "$1"
  done
  echo "$1 could not get port ${PORT[$1]}" >&2; exit 1
}
start_server_once() {
  local s=$1 d=$T/$1
  mkdir -p "$d"
  case $s in
    parlance)
      # optional bundles (MUC...) are seeded into <home>/deploy/ on a home's first start only: refresh them from
      # the current parlance.jar so that a kept benchmark home runs the bundles that were just built
      mkdir -p "$d/home/deploy"
      (cd "$d/home/deploy" && unzip -o -j -q "$DIST" 'deploy/*.jar' 2>/dev/null || true)
      java -Dparlance.home="$d/home" -Dparlance.bind=127.0.0.1 -Dparlance.c2s.port=${PORT[parlance]} \
        -Dparlance.c2s.tls.port=0 -Dparlance.s2s.port=0 -Dparlance.component.port=0 -Dparlance.http.port=0 -Dparlance.http.tls.port=0 \
        -Dparlance.registration=open -Dparlance.c2s.registrations.per.ip.per.hour=0 \
        -Dparlance.c2s.max.connections.per.ip=0 -Dparlance.c2s.auth.failures.per.ip=0 \
        -Dparlance.muc.messages.per.second=1000000 -Dparlance.muc.message.burst=1000000 \
        -Dparlance.muc.archive.default=false -Dparlance.muc.history.size=20 -Dparlance.muc.max.occupants=1000 \
        -Dparlance.muc.max.rooms.per.user=0 \
        -Dparlance.admin.password=bench-admin -jar "$DIST" >> "$d/server.log" 2>&1 &
      SPID=$!; GC="jcmd $SPID GC.run";;
    prosody)
      mkdir -p "$d/data"
      sed "s#__DIR__#$d#g; s#__CERTS__#$T/certs#g" "$HERE/peers/prosody.cfg.lua" > "$d/prosody.cfg.lua"
      prosody -F --config "$d/prosody.cfg.lua" >> "$d/server.log" 2>&1 &
      SPID=$!; GC="";;
    ejabberd)
      mkdir -p "$d/db" "$d/logs"
      sed "s#__DIR__#$d#g; s#__CERTS__#$T/certs#g" "$HERE/peers/ejabberd.yml" > "$d/ejabberd.yml"
      chown -R ejabberd "$d" 2>/dev/null || true
      EJ_CTL=(ejabberdctl --config "$d/ejabberd.yml" --ctl-config "$HERE/peers/ejabberdctl.cfg" --logs "$d/logs" --spool "$d/db")
      rm -f "$d/ejabberd.pid"
      EJABBERD_PID_PATH=$d/ejabberd.pid "${EJ_CTL[@]}" foreground >> "$d/server.log" 2>&1 &
      CLEANUP_PIDS+=($!)
      local end=$((SECONDS + 60))
      while [ ! -s "$d/ejabberd.pid" ] && [ $SECONDS -lt $end ]; do sleep 0.2; done
      SPID=$(cat "$d/ejabberd.pid"); GC="";;
  esac
  local end=$((SECONDS + 90))
  until port_owner_ok ${PORT[$s]} "$SPID" || [ $SECONDS -ge $end ] || ! kill -0 "$SPID" 2>/dev/null; do sleep 0.3; done
  sleep 1
}
stop_server() {
  local s=$1
  case $s in
    ejabberd) "${EJ_CTL[@]}" stop >/dev/null 2>&1 || kill "$SPID" 2>/dev/null || true;;
    *) kill "$SPID" 2>/dev/null || true;;
  esac
  local end=$((SECONDS + 30))
  while kill -0 "$SPID" 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
  kill -9 "$SPID" 2>/dev/null || true
  SPID=""
}
cleanup() {
  [ -n "$SPID" ] && kill "$SPID" 2>/dev/null || true
  # epmd was started by our ejabberd node on loopback; ask it to stop (only if no node is registered)
  if [ -n "${EPMD_STARTED:-}" ]; then ERL_EPMD_ADDRESS=127.0.0.1 epmd -kill >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
pgrep -x epmd >/dev/null || EPMD_STARTED=1

gen() { # server rep command args...
  local s=$1 rep=$2; shift 2
  { java -Xms256m -Xmx3g -XX:+UseParallelGC -jar "$JAR" "$@" --port ${PORT[$s]} --server-pid "$SPID" \
      --sources "$SOURCES" --warmup $WARMUP --seconds $SECONDS_RUN 2>>"$GENLOG" || log "generator failed: $s $*"; } \
    | { grep '^RESULT' || true; } | while read -r line; do printf '%s\t%s\t%s\n' "$s" "$rep" "$line"; done \
    | tee -a "$RESULTS" >&2
}

# ---- accounts (kept in the data dirs between runs) -----------------------------------------------------------
for s in "${AVAIL[@]}"; do
  have=$(cat "$T/$s.accounts" 2>/dev/null || echo 0)
  if [ "$have" -lt $ACCOUNTS ]; then
    log "$s: registering accounts $have..$((ACCOUNTS - 1)) (XEP-0077)"
    start_server "$s"
    gen "$s" 0 register --from "$have" --count $((ACCOUNTS - have)) --concurrency 20 --max-seconds 900
    if tail -1 "$RESULTS" | grep -q "^$s.*scenario=register.*failures=0 complete=true"; then
      echo $ACCOUNTS > "$T/$s.accounts"
    else
      log "$s: registration failed, see $RESULTS and $T/$s/server.log"
    fi
    stop_server "$s"
  fi
done
sed -i '/scenario=register/d' "$RESULTS"

# ---- scenarios, repetitions interleaved across servers ----------------------------------------------------------
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg); T_START=$(date -u +%H:%M)
for rep in $(seq 1 $REPS); do
  for s in "${AVAIL[@]}"; do
    log "rep $rep/$REPS: $s (load average $(cut -d" " -f1-3 /proc/loadavg))"
    start_server "$s"
    if want 1; then
      gen "$s" "$rep" login --mech SCRAM --concurrency 50 --accounts 100 --max-seconds 120
      gen "$s" "$rep" login --mech PLAIN --concurrency 50 --accounts 100 --max-seconds 120
    fi
    want 2 && gen "$s" "$rep" pairs --pairs 50 --window 10 --max-seconds 120
    want 3 && gen "$s" "$rep" latency --pairs 50 --rate 1000 --max-seconds 120
    want 4 && gen "$s" "$rep" muc --occupants 50 --senders 5 --window 10 --show --max-seconds 120
    want 5 && for n in ${IDLE//,/ }; do
      extra=()
      [ "$n" = "$IDLE_MAX" ] && extra=(--then-pairs)
      gen "$s" "$rep" idle --sessions "$n" --gc-cmd "$GC" --concurrency 50 "${extra[@]}" --max-seconds 600
    done
    stop_server "$s"
  done
done

# ---- report ------------------------------------------------------------------------------------------------------
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1);" \
    "Prosody $(dpkg-query -W -f '${Version}' prosody 2>/dev/null || echo -);" \
    "ejabberd $(dpkg-query -W -f '${Version}' ejabberd 2>/dev/null || echo -);" \
    "$REPS repetition(s), ${SECONDS_RUN} s measured after ${WARMUP} s warm-up, idle sizes $IDLE, scenarios $SCENARIOS;" \
    "run $T_START-$(date -u +%H:%M) UTC, load average (1/5/15 min) $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo
  java -jar "$JAR" report --file "$RESULTS" --servers "$(IFS=,; echo "${AVAIL[*]}")"
} | tee "$T/table.md"
