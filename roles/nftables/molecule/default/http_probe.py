#!/usr/bin/env python3
"""Fetch a URL from a given source address; print one JSON line (status, body or error)."""
import http.client
import json
import sys

source, host, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
connection = http.client.HTTPConnection(host, port, timeout=3, source_address=(source, 0))
try:
    connection.request("GET", path, headers={"Host": "www.example.org"})
    response = connection.getresponse()
    result = {"status": response.status, "body": response.read().decode("utf-8", "replace")}
except OSError as error:
    result = {"status": 0, "error": type(error).__name__}
print(json.dumps(result))
