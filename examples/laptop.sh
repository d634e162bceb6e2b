#!/usr/bin/env bash
# One simulated bike, laptop-01, riding examples/route.gpx (a loop around Utrecht's old town) and
# reporting to the demo server. For field testers: start the demo in one terminal, this in another.
#
#   ./demo.sh                 # terminal 1: server on 127.0.0.1:8080, data in ./demo-data/server
#   examples/laptop.sh        # terminal 2: this bike, in the foreground; Ctrl-C stops it
#
# It registers laptop-01 on ./demo-data/server the first time and gives it a fresh token on every
# later run (so the config always matches the running server), writes its config to
# demo-data/bikes/laptop-01.conf, adds the GPX track and 3 m of position noise to it, and runs the
# agent. It prints an API token made for this run and a curl command that shows the bike (the HTTP API
# needs the token). Same variables as demo.sh:
#
#   PORT=8081 INTERVAL=5s examples/laptop.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-8080}
INTERVAL=${INTERVAL:-2s}
DATA=${DATA:-demo-data}
BIKE=laptop-01
SERVER_JAR=server/target/bike-server.jar
AGENT_JAR=device-agent/target/bike-agent.jar
CONF=$DATA/bikes/$BIKE.conf

if [[ ! -f $SERVER_JAR || ! -f $AGENT_JAR ]]; then
  echo "The jars are missing: run ./demo.sh first (it builds them), or mvn -B -ntp -DskipTests package." >&2
  exit 1
fi
if ! (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Nothing listens on 127.0.0.1:$PORT: start ./demo.sh first (or set PORT to the port it uses)." >&2
  exit 1
fi

mkdir -p "$DATA/bikes"
action=provision
[[ -f $CONF ]] && action=rotate
java -jar "$SERVER_JAR" "$action" --data "$DATA/server" --bike "$BIKE" --url "ws://127.0.0.1:$PORT" \
  --out "$CONF" --buffer "$DATA/bikes/$BIKE-outbox.db" --interval "$INTERVAL" \
  --gps simulated --log-file ""

# provision/rotate wrote a fresh file, so appending never duplicates a key.
cat >>"$CONF" <<CONF

# Added by examples/laptop.sh: ride the example loop with realistic GPS noise.
gps.sim.gpx = $PWD/examples/route.gpx
gps.sim.noise-m = 3
CONF

java -jar "$AGENT_JAR" validate "$CONF"

# The HTTP API needs an API token (a bike's token does not work there); make one for this run.
TOKEN=$(java -jar "$SERVER_JAR" api-token --data "$DATA/server" create "$BIKE-$(date +%s)-$$")

cat <<MSG

  Running $BIKE against ws://127.0.0.1:$PORT; Ctrl-C stops it.

  Bikes and their last positions (with an API token made for this run):
    curl -H 'Authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/bikes
  This bike's stored track:
    curl -H 'Authorization: Bearer $TOKEN' http://127.0.0.1:$PORT/api/bikes/$BIKE/track
  Live map (it asks once for the token): http://127.0.0.1:$PORT/map/

MSG
exec java -Xmx32m -jar "$AGENT_JAR" run --config "$CONF"
