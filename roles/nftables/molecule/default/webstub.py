#!/usr/bin/env python3
"""A lab web server standing in for a site: `webstub.py ADDRESS PORT MARKER PROBES.json`.

Answers every request with MARKER (a word the attacker test recognises), except the
captive-portal checks of PROBES.json, answered as the real Android, Apple and Windows
servers answer them (the "online" status and body), so a machine that reaches this
server through the router is judged online by the test's detectors.
"""
import json
import socket
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

address, port, marker, probes_file = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(probes_file, encoding="utf-8") as handle:
    PROBES = {(urlsplit(p["url"]).hostname, urlsplit(p["url"]).path): p["online"]
              for p in json.load(handle).values()}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        host = (self.headers.get("Host") or "").split(":")[0]
        answer = PROBES.get((host, self.path.split("?")[0]), {"status": 200, "body": marker + "\n"})
        body = answer["body"].encode()
        self.send_response(answer["status"])
        if answer["status"] != 204:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if answer["status"] != 204:
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6 if ":" in address else socket.AF_INET


Server((address, port), Handler).serve_forever()
