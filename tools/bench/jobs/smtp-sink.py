#!/usr/bin/env python3
"""A minimal SMTP server for tools/bench/jobs: accepts every mail, keeps nothing but a count per recipient
(and each message's To header), and writes them to COUNT_FILE on SIGTERM and every second.
Usage: smtp-sink.py PORT COUNT_FILE"""
import asyncio, json, signal, sys, time

PORT, OUT = int(sys.argv[1]), sys.argv[2]
stats = {"ids": set(), "messages": 0, "rcpt": {}, "to_headers_with_comma": 0, "first": None, "last": None}

async def handle(reader, writer):
    def send(line):
        writer.write((line + "\r\n").encode())
    send("220 bench-sink ESMTP")
    rcpts, in_data, to_header = [], False, ""
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            if in_data:
                if line in (b".\r\n", b".\n"):
                    in_data = False
                    now = time.time()
                    stats["messages"] += 1
                    stats["first"] = stats["first"] or now
                    stats["last"] = now
                    for r in rcpts:
                        stats["rcpt"][r] = stats["rcpt"].get(r, 0) + 1
                    if "," in to_header:
                        stats["to_headers_with_comma"] += 1
                    rcpts, to_header = [], ""
                    send("250 OK queued")
                elif line.lower().startswith(b"to:"):
                    to_header = line.decode(errors="replace").strip()
                elif line.lower().startswith(b"message-id:"):
                    stats["ids"].add(line.decode(errors="replace").split(":", 1)[1].strip())
                continue
            cmd = line.decode(errors="replace").strip()
            verb = cmd[:4].upper()
            if verb in ("EHLO", "HELO"):
                send("250-bench-sink"); send("250-8BITMIME"); send("250 SMTPUTF8")
            elif verb == "MAIL":
                rcpts = []; send("250 OK")
            elif verb == "RCPT":
                rcpts.append(cmd.split(":", 1)[1].strip().strip("<>").split(">")[0].lower()); send("250 OK")
            elif verb == "DATA":
                in_data = True; send("354 go on")
            elif verb == "QUIT":
                send("221 bye"); await writer.drain(); break
            else:
                send("250 OK")
            await writer.drain()
    finally:
        writer.close()

def dump():
    with open(OUT + ".tmp", "w") as f:
        json.dump({"messages": stats["messages"], "distinct_message_ids": len(stats["ids"]), "recipients": len(stats["rcpt"]), "max_per_recipient": max(stats["rcpt"].values(), default=0),
                   "to_headers_with_comma": stats["to_headers_with_comma"], "first": stats["first"], "last": stats["last"]}, f)
    import os; os.replace(OUT + ".tmp", OUT)

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", PORT)
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    async with server:
        while not stop.done():
            dump()
            await asyncio.wait([stop], timeout=1)
    dump()

asyncio.run(main())
