#!/usr/bin/env bash
# A Spark standalone cluster on this machine: one master and two workers on 127.0.0.1, run from
# pyspark's own distribution in .venv (SPARK_HOME = the pyspark package folder; nothing is
# downloaded). Logs and pid files go to $QINGFENG_SPARK_DIR (default var/spark-cluster).
#
#   scripts/spark-cluster.sh start     # prints the master URL, e.g. spark://127.0.0.1:7077
#   scripts/spark-cluster.sh status    # exit 0 when the master and both workers run
#   scripts/spark-cluster.sh stop
#
#   qingfeng screen DATA --out hits.csv --engine spark --master spark://127.0.0.1:7077
#
# Settings (environment): SPARK_MASTER_PORT (7077), SPARK_WORKERS (2), SPARK_WORKER_CORES (1),
# SPARK_WORKER_MEMORY (2g). Web UIs take free ports (none on 8080).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${QINGFENG_PYTHON:-$here/.venv/bin/python}"
SPARK_HOME="$("$python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
export SPARK_HOME
export SPARK_LOCAL_IP=127.0.0.1 SPARK_MASTER_HOST=127.0.0.1
export PYSPARK_PYTHON="$python"
dir="${QINGFENG_SPARK_DIR:-$here/var/spark-cluster}"
export SPARK_LOG_DIR="$dir/logs" SPARK_PID_DIR="$dir/pids" SPARK_WORKER_DIR="$dir/work"
export SPARK_IDENT_STRING="qingfeng"
export SPARK_MASTER_OPTS="${SPARK_MASTER_OPTS:-} -Dspark.master.rest.enabled=false"
port="${SPARK_MASTER_PORT:-7077}"
workers="${SPARK_WORKERS:-2}"
cores="${SPARK_WORKER_CORES:-1}"
memory="${SPARK_WORKER_MEMORY:-2g}"
master_url="spark://127.0.0.1:$port"
daemon="$SPARK_HOME/sbin/spark-daemon.sh"
MASTER=org.apache.spark.deploy.master.Master
WORKER=org.apache.spark.deploy.worker.Worker

running() { # class instance
  local pid="$SPARK_PID_DIR/spark-$SPARK_IDENT_STRING-$1-$2.pid"
  [[ -f "$pid" ]] && kill -0 "$(cat "$pid")" 2>/dev/null
}

wait_for_port() { # seconds
  for _ in $(seq 1 "$1"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 1
  done
  return 1
}

registered() { # the master log says every worker registered
  local n
  n=$(grep -c "Registering worker" "$SPARK_LOG_DIR"/*"$MASTER"-1-*.out 2>/dev/null || true)
  [[ "${n:-0}" -ge "$workers" ]]
}

start() {
  mkdir -p "$SPARK_LOG_DIR" "$SPARK_PID_DIR" "$SPARK_WORKER_DIR"
  chmod 700 "$dir"
  if ! running "$MASTER" 1; then
    rm -f "$SPARK_LOG_DIR"/*"$MASTER"-1-*.out*
    "$daemon" start "$MASTER" 1 --host 127.0.0.1 --port "$port" --webui-port 0 >/dev/null
  fi
  wait_for_port 60 || { echo "master did not start; see $SPARK_LOG_DIR" >&2; exit 1; }
  for i in $(seq 1 "$workers"); do
    running "$WORKER" "$i" || "$daemon" start "$WORKER" "$i" --host 127.0.0.1 --webui-port 0 \
      --cores "$cores" --memory "$memory" --work-dir "$SPARK_WORKER_DIR" "$master_url" >/dev/null
  done
  for _ in $(seq 1 60); do
    registered && { echo "$master_url"; return 0; }
    sleep 1
  done
  echo "workers did not register with $master_url; see $SPARK_LOG_DIR" >&2
  exit 1
}

stop() {
  for i in $(seq 1 "$workers"); do "$daemon" stop "$WORKER" "$i" >/dev/null 2>&1 || true; done
  "$daemon" stop "$MASTER" 1 >/dev/null 2>&1 || true
  rm -rf "$SPARK_WORKER_DIR"
}

status() {
  local ok=0
  if running "$MASTER" 1; then echo "master  $master_url  running"; else echo "master  stopped"; ok=1; fi
  for i in $(seq 1 "$workers"); do
    if running "$WORKER" "$i"; then echo "worker $i running"; else echo "worker $i stopped"; ok=1; fi
  done
  return $ok
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
