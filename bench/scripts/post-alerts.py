#!/usr/bin/env python3
"""Posts N unique alerts to a running standalone's generic endpoint, K per request, on one
keep-alive connection, and prints how long it took. Usage: post-alerts.py N K [token] [port]."""
import http.client
import json
import sys
import time

total, per = int(sys.argv[1]), int(sys.argv[2])
token = sys.argv[3] if len(sys.argv) > 3 else "t"
port = int(sys.argv[4]) if len(sys.argv) > 4 else 8080
connection = http.client.HTTPConnection("127.0.0.1", port)
start, sent = time.time(), 0
while sent < total:
    body = json.dumps([{"labels": {"alertname": "Many", "id": "a%d" % (sent + i), "severity": "warning"},
                        "annotations": {"summary": "benchmark alert"}} for i in range(min(per, total - sent))])
    connection.request("POST", "/api/v1/alerts", body,
                       {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        print("status", response.status, "- retrying in 0.5 s")
        time.sleep(0.5)
        continue
    sent += min(per, total - sent)
print("posted %d alerts in %.1f s" % (sent, time.time() - start))
