#!/bin/bash
# Kills the standalone with SIGKILL under a steady load and restarts it; prints how many alerts
# were accepted, notified and paged (OPENED) and when, after the restart, ingest accepted and the
# first notification arrived. Ports 8080-8083, 9092-9093 and 19999 must be free.
# Usage (from the repository root, after ./mvnw -B -DskipTests package):
#   [LAUNCHER=...] bench/scripts/kill-restart.sh [run-dir] [extra standalone settings...]
set -u
here=$(cd "$(dirname "$0")" && pwd)
d=${1:-$(mktemp -d /tmp/tocsin-kill-XXXX)}; shift || true
mkdir -p "$d"
cat > "$d/tocsin.yml" <<YML
route:
  receiver: sink
  group_by: [alertname, id]
  group_wait: 0s
  group_interval: 1h
  repeat_interval: 24h
receivers:
  - name: sink
    webhook_configs:
      - url: http://127.0.0.1:19999/hook
        send_resolved: false
YML
python3 "$here/webhook-sink.py" 19999 "$d/sink.log" & sink=$!
# LAUNCHER="java -Xmx512m -jar standalone/target/tocsin-standalone.jar" measures a start without
# bin/tocsin-standalone's class-data archive.
launcher=${LAUNCHER:-$here/../../bin/tocsin-standalone}
# shellcheck disable=SC2086 # LAUNCHER may be a command with options
run() { exec $launcher data.dir="$d/data" config.file="$d/tocsin.yml" ingest.tokens=tok "$@"; }
run "$@" > "$d/first.log" 2>&1 & pid=$!
for i in $(seq 240); do
  curl -sf localhost:8080/health/ready >/dev/null && curl -sf localhost:8083/health/ready >/dev/null \
    && curl -sf localhost:8082/health/ready >/dev/null && break
  kill -0 $pid 2>/dev/null || { echo "the standalone stopped; see $d/first.log"; kill $sink; exit 1; }
  sleep 0.5
done
python3 "$here/steady-load.py" 50 tok 8080 a "$d/accepted.log" & load=$!
sleep 20
kill -9 $pid
sleep 1
restart=$(date +%s.%N)
run "$@" > "$d/second.log" 2>&1 & pid=$!
sleep 50
kill $load
sleep 10
python3 - "$d" "$restart" <<'PY'
import sys
d, restart = sys.argv[1], float(sys.argv[2])
accepted = [line.split() for line in open(d + '/accepted.log')]
sink = [line.split() for line in open(d + '/sink.log')]
print('accepted %d, notifications %d, incidents notified %d, OPENED notifications %d' % (len(accepted), len(sink),
      len({s[1] for s in sink}), sum(1 for s in sink if s[2] == 'OPENED')))
after = [float(a[0]) for a in accepted if float(a[0]) > restart]
print('ingest accepted again %.1f s after the restart' % (after[0] - restart) if after else 'nothing accepted')
pages = sorted(float(s[0]) for s in sink if float(s[0]) > restart)
print('first notification %.1f s after the restart' % (pages[0] - restart) if pages else 'no notification')
import datetime
day = datetime.datetime.fromtimestamp(restart).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
def logged(text):
    for line in open(d + '/second.log', errors='replace'):
        if text in line:
            h, m, s = line.split()[0].split(':')
            return day + int(h) * 3600 + int(m) * 60 + float(s) - restart
for what, text in (('engine running', 'incident streams REBALANCING -> RUNNING'),
                   ('notifier assigned its partitions', 'NotifierService - assigned ['),
                   ('standalone ready', 'standalone ready in')):
    at = logged(text)
    print('%s %.1f s after the restart' % (what, at) if at is not None else what + ': not logged')
PY
kill $pid; wait $pid 2>/dev/null; kill $sink
