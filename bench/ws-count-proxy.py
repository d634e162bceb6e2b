#!/usr/bin/env python3
"""A counting TCP proxy for the bike WebSocket, loopback only.

Listens on 127.0.0.1 (a free port, printed as "PORT <n>" on stdout), forwards every byte unchanged to
127.0.0.1:<target port>, and reads the WebSocket frames (RFC 6455) in both directions: header, mask key and
payload lengths as on the wire. Text messages are unmasked and decoded as JSON to tell positions (and how
many fixes they carry, live or backlog) from acks and the rest. Acks are matched to the positions frame
whose highest seq they name. On SIGTERM it writes its counts as JSON to the file given as the second
argument and exits. TCP/IP headers are not seen by a proxy and are not counted.

Usage: ws-count-proxy.py TARGET_PORT SUMMARY_JSON
"""
import json
import signal
import socket
import sys
import threading

lock = threading.Lock()
stats = {
    "upgrade_bytes": {"agent_to_server": 0, "server_to_agent": 0},
    "compressed_frames": 0,
    # one entry per positions message: [wire bytes, fixes, live, lowest seq, highest seq, header+mask bytes]
    "positions": [],
    # one entry per ack frame: [wire bytes, seq]
    "acks": [],
    # other frames by direction and kind: [frames, wire bytes]
    "other": {},
}


def add_other(direction, kind, wire):
    key = direction + " " + kind
    entry = stats["other"].setdefault(key, [0, 0])
    entry[0] += 1
    entry[1] += wire


def read_exact(sock, n, sink):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        sink.sendall(chunk)
        data += chunk
    return data


def pipe(src, dst, direction):
    try:
        # The HTTP upgrade request or response, up to the blank line.
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            head += read_exact(src, 1, dst)
        with lock:
            stats["upgrade_bytes"][direction] += len(head)
            if b"sec-websocket-extensions" in head.lower():
                stats.setdefault("extension_headers", []).append(head.decode("latin-1"))
        message = b""
        message_wire = 0
        message_opcode = 0
        while True:
            h = read_exact(src, 2, dst)
            wire = 2
            fin = h[0] & 0x80
            rsv1 = h[0] & 0x40
            opcode = h[0] & 0x0F
            masked = h[1] & 0x80
            length = h[1] & 0x7F
            if length == 126:
                length = int.from_bytes(read_exact(src, 2, dst), "big")
                wire += 2
            elif length == 127:
                length = int.from_bytes(read_exact(src, 8, dst), "big")
                wire += 8
            mask = b""
            if masked:
                mask = read_exact(src, 4, dst)
                wire += 4
            payload = read_exact(src, length, dst) if length else b""
            wire += length
            if masked:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode >= 0x8:  # control frames are never fragmented
                kind = {0x8: "close", 0x9: "ping", 0xA: "pong"}.get(opcode, "control")
                with lock:
                    add_other(direction, kind, wire)
                continue
            if opcode != 0:
                message_opcode = opcode
                message = b""
                message_wire = 0
            message += payload
            message_wire += wire
            if rsv1:
                with lock:
                    stats["compressed_frames"] += 1
            if not fin:
                continue
            record(direction, message_opcode, message, message_wire)
    except (EOFError, OSError):
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def record(direction, opcode, message, wire):
    kind = "binary"
    body = None
    if opcode == 1:
        try:
            body = json.loads(message.decode("utf-8"))
            kind = body.get("type", "?")
        except ValueError:
            kind = "undecodable"
    with lock:
        if kind == "positions":
            fixes = body.get("fixes", [])
            seqs = [f["seq"] for f in fixes]
            stats["positions"].append([wire, len(fixes), bool(body.get("live")), min(seqs, default=0),
                                       max(seqs, default=0), wire - len(message)])
        elif kind == "ack":
            stats["acks"].append([wire, body.get("seq")])
        else:
            add_other(direction, kind, wire)


def main():
    target = int(sys.argv[1])
    summary_file = sys.argv[2]
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(8)

    def dump_and_exit(*_):
        with lock:
            with open(summary_file, "w") as f:
                json.dump(stats, f)
        sys.exit(0)

    signal.signal(signal.SIGTERM, dump_and_exit)
    print("PORT", server.getsockname()[1], flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection(("127.0.0.1", target))
        for s in (client, upstream):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        threading.Thread(target=pipe, args=(client, upstream, "agent_to_server"), daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client, "server_to_agent"), daemon=True).start()


if __name__ == "__main__":
    main()
