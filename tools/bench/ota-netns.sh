#!/usr/bin/env bash
# tools/bench/ota-netns.sh — OTA throughput over a bandwidth-limited link (root only).
#
# Two network namespaces joined by a veth pair, each end shaped with `tc tbf` to RATE (default
# 256kbit): the hub side runs Mosquitto and `endpoint ota publish`, the device side runs
# `endpoint sim plug`. The update (a bundle of SIZE_KIB, default 256) crosses the link once, as from
# a LAN hub to a device on a slow radio link. Prints the device's download rate against the link
# rate, per request window. Only addresses in the namespaces it creates are used; everything it
# made is removed on exit.
#
#   sudo tools/bench/ota-netns.sh                 # RATE=256kbit SIZE_KIB=256 WINDOWS="1 2 4"
#   sudo RATE=1mbit SIZE_KIB=512 tools/bench/ota-netns.sh
set -euo pipefail

RATE="${RATE:-256kbit}"
SIZE_KIB="${SIZE_KIB:-256}"
WINDOWS="${WINDOWS:-1 2 4}"
NODELAY="${NODELAY:-false}"          # Mosquitto's set_tcp_nodelay (its default is false)
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLI="$ROOT/tools/Endpoint.Cli/bin/Release/net10.0/endpoint.dll"
HUB_NS="ep-ota-hub-$$"
DEV_NS="ep-ota-dev-$$"
HUB_IP=10.213.7.1
DEV_IP=10.213.7.2
WORK="$(mktemp -d "${TMPDIR:-/tmp}/endpoint-ota-netns.XXXXXX")"
PIDS=()

if [ "$(id -u)" -ne 0 ]; then
    echo "ota-netns.sh: needs root (ip netns, tc)" >&2
    exit 2
fi

MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
[ -x "$MOSQUITTO" ] || { echo "ota-netns.sh: mosquitto not found (apt-get install mosquitto)" >&2; exit 2; }

cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    ip netns del "$HUB_NS" 2>/dev/null || true
    ip netns del "$DEV_NS" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

dotnet build -c Release "$ROOT/tools/Endpoint.Cli" -v q -nologo >/dev/null
endpoint() { dotnet "$CLI" "$@"; }

# ---- the link
ip netns add "$HUB_NS"
ip netns add "$DEV_NS"
ip link add veth-hub netns "$HUB_NS" type veth peer name veth-dev netns "$DEV_NS"
ip -n "$HUB_NS" addr add "$HUB_IP/30" dev veth-hub
ip -n "$DEV_NS" addr add "$DEV_IP/30" dev veth-dev
for ns in "$HUB_NS" "$DEV_NS"; do ip -n "$ns" link set lo up; done
ip -n "$HUB_NS" link set veth-hub up
ip -n "$DEV_NS" link set veth-dev up
# tbf: RATE sustained, a 4 KiB bucket (one block may leave at line rate), queue up to 400 ms.
ip netns exec "$HUB_NS" tc qdisc add dev veth-hub root tbf rate "$RATE" burst 4kb latency 400ms
ip netns exec "$DEV_NS" tc qdisc add dev veth-dev root tbf rate "$RATE" burst 4kb latency 400ms

# ---- broker on the hub side
printf 'listener 1883 %s\nallow_anonymous true\nset_tcp_nodelay %s\n' "$HUB_IP" "$NODELAY" > "$WORK/mosquitto.conf"
ip netns exec "$HUB_NS" "$MOSQUITTO" -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
PIDS+=($!)
sleep 0.5

# ---- a bundle of SIZE_KIB: nanoFramework-shaped images (NFMRK2 header), at most 512 KiB each
mkdir -p "$WORK/app"
left=$((SIZE_KIB * 1024)); i=0
while [ "$left" -gt 0 ]; do
    part=$(( left > 524288 ? 524288 : left ))
    name="Endpoint.Library$i"; [ "$left" -le 524288 ] && name="Endpoint.Plug"
    { printf 'NFMRK2\0\0'; head -c 24 /dev/zero; head -c $((part - 32)) /dev/urandom; } > "$WORK/app/$name.pe"
    left=$((left - part)); i=$((i + 1))
done
endpoint ota keygen --out "$WORK/keys" >/dev/null

echo "OTA over a $RATE link (tc tbf on both ends of a veth pair; Mosquitto set_tcp_nodelay $NODELAY), bundle $SIZE_KIB KiB, 4 KiB blocks"
rate_bits=$(echo "$RATE" | sed -E 's/kbit$/*1000/; s/mbit$/*1000000/; s/bit$//' | bc)
build=1
for window in $WINDOWS; do
    build=$((build + 1))
    endpoint ota pack --app "$WORK/app" --version "1.$build.0" --build "$build" --board esp32-devkitc \
        --key "$WORK/keys/ota.key" --out "$WORK/b$build.epk" --entry Endpoint.Apps.Plug.Program >/dev/null
    id="netns-plug-$window"
    ip netns exec "$DEV_NS" dotnet "$CLI" sim plug --id "$id" --hub "mqtt://$HUB_IP:1883" --ota-key "$WORK/keys/ota.pub" \
        --state-dir "$WORK/state-$window" --telemetry-interval 3600 --log-level warning < /dev/null > "$WORK/sim-$window.log" 2>&1 &
    sim=$!
    PIDS+=($sim)
    out=$(ip netns exec "$HUB_NS" dotnet "$CLI" ota publish --hub "mqtt://$HUB_IP:1883" --device "$id" --window "$window" --timeout 600 "$WORK/b$build.epk" < /dev/null)
    line=$(echo "$out" | grep "^$id:")
    kibs=$(echo "$line" | sed -nE 's/.*, ([0-9.]+) KiB\/s.*/\1/p')
    pct=$(echo "scale=1; 100 * $kibs * 1024 * 8 / $rate_bits" | bc)
    echo "  window $window: $line"
    echo "            download rate $kibs KiB/s = $pct % of the link rate"
    kill "$sim" 2>/dev/null || true
    wait "$sim" 2>/dev/null || true
done
