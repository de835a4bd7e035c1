#!/usr/bin/env python3
"""Receives Tocsin webhook notifications on 127.0.0.1:PORT and appends "time incident-id event-type"
per request to LOG. Usage: webhook-sink.py PORT LOG."""
import http.server, time, sys, json, threading
log = open(sys.argv[2], 'a', buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        try:
            d = json.loads(body); inc = d['incident']['id']; typ = d['event']['type']
        except Exception: inc, typ = '?', '?'
        log.write('%.3f %s %s\n' % (time.time(), inc, typ))
        self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
