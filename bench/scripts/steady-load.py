#!/usr/bin/env python3
"""Posts one unique alert per request at about RATE a second to a standalone's generic endpoint,
forever, appending "time id" for each accepted one to LOG (a refused one is posted again). Usage: steady-load.py RATE TOKEN PORT ID-PREFIX LOG."""
import http.client, json, sys, time
rate, token, port, prefix = float(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
log = open(sys.argv[5], 'a', buffering=1); n = 0
while True:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        body = json.dumps([{"labels": {"alertname": "Kill", "id": "%s%d" % (prefix, n), "severity": "warning"}}])
        c.request("POST", "/api/v1/alerts", body, {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        r = c.getresponse(); r.read(); c.close()
        if r.status == 200:
            log.write('%.3f %s%d\n' % (time.time(), prefix, n)); n += 1
    except Exception:
        pass
    time.sleep(1 / rate)
