#!/usr/bin/env bash
# Installs the bike agent as a systemd service on a Raspberry Pi (or any Debian-like system).
#
#   sudo deploy/install-agent.sh device-agent/target/bike-agent.jar bike-0042.conf
#
# What it does, in this order (safe to run again, e.g. with a new jar or a new config):
#   1. checks the config with 'java -jar JAR validate CONFIG' and stops if it is invalid
#   2. creates the system user bike-agent (member of dialout) if it is missing
#   3. installs the jar as /opt/bike-agent/bike-agent.jar
#   4. installs the config as /etc/bike-agent/agent.conf (mode 0640, root:bike-agent: it holds the token)
#   5. installs deploy/bike-agent.service as /etc/systemd/system/bike-agent.service, and with
#      gps.source = serial (also the default when the key is missing) the drop-in
#      deploy/bike-agent-root.conf as /etc/systemd/system/bike-agent.service.d/root.conf, because Pi4J's
#      pigpio needs root; with any other source a root.conf it installed earlier is removed again
#   6. systemctl daemon-reload, then enable --now (or restart, if the agent was already running);
#      skipped with a message when systemd is not running (a container or a chroot)
#
# DESTDIR=/some/root stages the files under that folder instead: no user is created, no ownership is
# changed and systemctl is not called. Root is not needed then.
#
#   DESTDIR=/tmp/stage deploy/install-agent.sh device-agent/target/bike-agent.jar bike-0042.conf
set -euo pipefail

readonly SERVICE=bike-agent
readonly AGENT_USER=bike-agent
readonly STATE_DIR=/var/lib/bike-agent
readonly JAR_DIR=/opt/bike-agent
readonly CONF_DIR=/etc/bike-agent
readonly UNIT_DIR=/etc/systemd/system

say() { printf 'install-agent: %s\n' "$*"; }
die() { printf 'install-agent: %s\n' "$*" >&2; exit 1; }

usage() {
  cat >&2 <<'USAGE'
Usage: sudo deploy/install-agent.sh JAR CONFIG
   or: DESTDIR=/tmp/stage deploy/install-agent.sh JAR CONFIG   (staged: no user, no systemctl)

  JAR     the agent jar, e.g. device-agent/target/bike-agent.jar
  CONFIG  the bike's config file as written by 'bike-server provision', e.g. bike-0042.conf
USAGE
  exit 2
}

[[ $# -eq 2 ]] || usage
[[ $1 == -h || $1 == --help ]] && usage
jar=$1
conf=$2
destdir=${DESTDIR:-}
destdir=${destdir%/}
staged=false
[[ -n $destdir ]] && staged=true

if ! $staged && [[ $EUID -ne 0 ]]; then
  die "must be run as root: sudo $0 $*"
fi
[[ -f $jar && -r $jar ]] || die "cannot read the jar '$jar'"
[[ -f $conf && -r $conf ]] || die "cannot read the config '$conf'"
deploy_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
unit_src="$deploy_dir/bike-agent.service"
root_src="$deploy_dir/bike-agent-root.conf"
[[ -f $unit_src ]] || die "cannot find the unit file '$unit_src' (keep this script next to it)"
[[ -f $root_src ]] || die "cannot find the drop-in '$root_src' (keep this script next to it)"
readonly JAVA_HINT="sudo apt install openjdk-17-jre-headless (Debian 12), or default-jre-headless (Debian 13)"
command -v java >/dev/null || die "java not found: install it first: $JAVA_HINT"
if ! $staged && [[ ! -x /usr/bin/java ]]; then
  die "the service runs /usr/bin/java, which does not exist: $JAVA_HINT"
fi

# The value of KEY in the config file ('' when it is not set): key = value, # comments, CRLF allowed.
conf_value() {
  sed -e 's/\r$//' -e '1s/^\xEF\xBB\xBF//' "$conf" |
    awk -v key="$1" '
      /^[[:space:]]*#/ { next }
      {
        eq = index($0, "=")
        if (eq == 0) next
        k = substr($0, 1, eq - 1); v = substr($0, eq + 1)
        gsub(/^[[:space:]]+|[[:space:]]+$/, "", k); gsub(/^[[:space:]]+|[[:space:]]+$/, "", v)
        if (k == key) value = v
      }
      END { print value }'
}

# 1. The config must be valid before anything is changed.
say "checking $conf with $jar validate"
# Staged for another root, the outbox folder and GPS files of this machine say nothing: check the text only.
validate=(validate)
[[ -n $destdir ]] && validate+=(--syntax-only)
if ! output=$(java -jar "$jar" "${validate[@]}" "$conf" 2>&1); then
  printf '%s\n' "$output" >&2
  die "refusing to install: $conf is not valid (nothing was changed). Fix it, or provision the bike again."
fi
say "$output"

# Under systemd the agent may write only below /var/lib/bike-agent (ProtectSystem=strict).
buffer_path=$(conf_value buffer.path)
log_file=$(conf_value log.file)
for path in "${buffer_path:-$STATE_DIR/outbox.db}" "$log_file"; do
  if [[ -n $path && $path != "$STATE_DIR"/* ]]; then
    die "refusing to install: '$path' is outside $STATE_DIR/, the only folder the service may write to (buffer.path and log.file)"
  fi
done

# 2. The system user: its home is the state directory (jSerialComm unpacks its native library there).
if $staged; then
  say "DESTDIR is set: not creating the user $AGENT_USER and not changing file owners"
else
  if ! getent group dialout >/dev/null; then
    groupadd --system dialout
    say "created the group dialout"
  fi
  if ! getent passwd "$AGENT_USER" >/dev/null; then
    useradd --system --user-group --groups dialout --home-dir "$STATE_DIR" --no-create-home \
      --shell /usr/sbin/nologin --comment "Bike fleet telemetry agent" "$AGENT_USER"
    say "created the system user $AGENT_USER (groups: $AGENT_USER, dialout)"
  elif ! id -nG "$AGENT_USER" | tr ' ' '\n' | grep -qx dialout; then
    usermod --append --groups dialout "$AGENT_USER"
    say "added the user $AGENT_USER to the group dialout"
  else
    say "the user $AGENT_USER exists and is in the group dialout"
  fi
fi

# Copies SRC to DEST through a temporary file and a rename, so a running agent keeps reading its old
# jar or config until it is restarted, and a half-written file is never seen.
put() {
  local src=$1 dest=$2 mode=$3 group=$4 tmp
  tmp=$(mktemp "$(dirname "$dest")/.install.XXXXXX")
  cp "$src" "$tmp"
  chmod "$mode" "$tmp"
  if ! $staged; then
    chown "root:$group" "$tmp"
  fi
  mv -f "$tmp" "$dest"
}

# 3. The jar.
install -d -m 0755 "$destdir$JAR_DIR"
put "$jar" "$destdir$JAR_DIR/bike-agent.jar" 0644 root
say "installed $destdir$JAR_DIR/bike-agent.jar"

# 4. The config: it holds the bike's token, so only root and the agent may read it.
if $staged; then
  install -d -m 0750 "$destdir$CONF_DIR"
else
  install -d -m 0750 -o root -g "$AGENT_USER" "$destdir$CONF_DIR"
fi
if $staged; then
  put "$conf" "$destdir$CONF_DIR/agent.conf" 0640 ""
  say "installed $destdir$CONF_DIR/agent.conf (mode 0640; on a real install owned by root:$AGENT_USER)"
else
  put "$conf" "$destdir$CONF_DIR/agent.conf" 0640 "$AGENT_USER"
  say "installed $CONF_DIR/agent.conf (mode 0640, root:$AGENT_USER)"
fi

# 5. The unit.
install -d -m 0755 "$destdir$UNIT_DIR"
put "$unit_src" "$destdir$UNIT_DIR/$SERVICE.service" 0644 root
say "installed $destdir$UNIT_DIR/$SERVICE.service"

# The root drop-in: gps.source = serial (Pi4J with pigpio, Raspberry Pi 1-4) maps the SoC's registers
# through /dev/mem, which the bike-agent user cannot: without it the agent could never read its GPS.
# Any other source works as bike-agent, so our drop-in (the same settings as deploy/bike-agent-root.conf,
# whatever its comments) is taken away again; one with other settings was written by someone on purpose
# and is only reported.
same_settings() { cmp -s <(grep -v '^[[:space:]]*#' "$1") <(grep -v '^[[:space:]]*#' "$2"); }
gps_source=$(conf_value gps.source)
dropin_dir="$destdir$UNIT_DIR/$SERVICE.service.d"
dropin="$dropin_dir/root.conf"
if [[ ${gps_source:-serial} == serial ]]; then
  install -d -m 0755 "$dropin_dir"
  put "$root_src" "$dropin" 0644 root
  say "installed $dropin: gps.source = serial (Pi4J with pigpio) needs root, so the agent runs as root."
  say "  To run it as $AGENT_USER instead, set gps.source = tty in the config (same gps.device) and run this again."
elif [[ -f $dropin ]]; then
  if same_settings "$root_src" "$dropin"; then
    rm -f "$dropin"
    rmdir "$dropin_dir" 2>/dev/null || true
    say "removed $dropin: gps.source = ${gps_source} works as the $AGENT_USER user, not root"
  else
    say "WARNING: $dropin is not the one from deploy/ and was left in place; gps.source = ${gps_source}"
    say "  does not need root. Remove it if nobody needs it: rm $UNIT_DIR/$SERVICE.service.d/root.conf"
  fi
fi

# 6. systemd.
if $staged; then
  say "DESTDIR is set: not calling systemctl. Staged files are under $destdir/"
elif [[ ! -d /run/systemd/system ]]; then
  say "systemd is not running here (a container or a chroot?): files are installed, but the service"
  say "was not enabled or started. On the running bike: systemctl daemon-reload && systemctl enable --now $SERVICE"
else
  systemctl daemon-reload
  if systemctl is-active --quiet "$SERVICE"; then
    systemctl enable "$SERVICE"
    systemctl restart "$SERVICE"
    say "restarted $SERVICE with the new files"
  else
    systemctl enable --now "$SERVICE"
    say "enabled and started $SERVICE"
  fi
  say "check it: systemctl status $SERVICE; journalctl -u $SERVICE -f"
fi
