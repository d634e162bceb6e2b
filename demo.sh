#!/usr/bin/env bash
# The demo: a server on the embedded SQLite default plus a few simulated bikes reporting to it, all on
# this machine's loopback. Builds the jars first when they are missing or older than the sources.
# Stop with Ctrl-C; everything it started is stopped with it. Data stays in ./demo-data.
#
#   BIKES=5 PORT=8080 INTERVAL=2s ./demo.sh
set -euo pipefail
cd "$(dirname "$0")"

BIKES=${BIKES:-5}
PORT=${PORT:-8080}
INTERVAL=${INTERVAL:-2s}
DATA=${DATA:-demo-data}
SERVER_JAR=server/target/bike-server.jar
AGENT_JAR=device-agent/target/bike-agent.jar

needs_build() {
  [[ ! -f $SERVER_JAR || ! -f $AGENT_JAR ]] && return 0
  [[ -n $(find pom.xml ./*/pom.xml ./*/src/main -newer "$SERVER_JAR" -type f -print -quit) ]] && return 0
  [[ -n $(find pom.xml ./*/pom.xml ./*/src/main -newer "$AGENT_JAR" -type f -print -quit) ]]
}

if needs_build; then
  echo "Building the server and agent jars (first run takes a few minutes)..."
  mvn -q -B -ntp -DskipTests package
fi

mkdir -p "$DATA/server" "$DATA/bikes"
pids=()
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping ${#pids[@]} processes..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped. Data is kept in $DATA/."
}
trap cleanup INT TERM EXIT

java -Xmx256m -XX:+ExitOnOutOfMemoryError -jar "$SERVER_JAR" serve --bind 127.0.0.1 --port "$PORT" --data "$DATA/server" --stats-every 5 \
  2>>"$DATA/server.log" &
pids+=($!)

for _ in $(seq 1 150); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  if ! kill -0 "${pids[0]}" 2>/dev/null; then
    echo "The server did not start; see $DATA/server.log (is port $PORT taken? try PORT=8081 $0)" >&2
    exit 1
  fi
  sleep 0.2
done

for i in $(seq 1 "$BIKES"); do
  bike=$(printf 'demo-bike-%02d' "$i")
  # Register a new bike, or give a known one a fresh token: the config then always matches this run's port.
  action=provision
  [[ -f $DATA/bikes/$bike.conf ]] && action=rotate
  java -jar "$SERVER_JAR" "$action" --data "$DATA/server" --bike "$bike" --url "ws://127.0.0.1:$PORT" \
    --out "$DATA/bikes/$bike.conf" --buffer "$DATA/bikes/$bike-outbox.db" --interval "$INTERVAL" \
    --gps simulated --log-file "" >/dev/null
  java -Xmx32m -jar "$AGENT_JAR" run --config "$DATA/bikes/$bike.conf" 2>>"$DATA/bikes/$bike.log" &
  pids+=($!)
done

# The HTTP API needs an API token; make one for this run.
TOKEN=$(java -jar "$SERVER_JAR" api-token --data "$DATA/server" create "demo-$(date +%s)-$$")

cat <<MSG

  $BIKES simulated bikes are reporting every $INTERVAL to the server on port $PORT.

  Live map (open it in a browser; it asks once for this API token, made for this run):
    http://127.0.0.1:$PORT/map/
    $TOKEN
  (More tokens: java -jar $SERVER_JAR api-token --data $DATA/server create NAME)

  Bikes and their last positions:
    curl -H 'Authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/bikes
  One bike's stored track:
    curl -H 'Authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/bikes/demo-bike-01/track
  Logs: $DATA/server.log, $DATA/bikes/*.log

  Live counts follow every 5 s. Press Ctrl-C to stop everything.

MSG
wait "${pids[0]}"
