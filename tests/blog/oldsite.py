"""The old WordPress blog, played by a real HTTP server on loopback."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UPLOADS = "/wp-content/uploads/"


class OldSite:
    """Serves what a test puts in `answers` (path → status, headers, body) and records
    every request path; anything else is a 404."""

    def __init__(self):
        self.answers = {}
        self.requests = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.requests.append(self.path)
                status, headers, body = site.answers.get(self.path, (404, {}, b"nicht da"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def image(self, path, data, *, length=True):
        """An upload below wp-content/uploads/; without `length` the body ends with the socket."""
        headers = {"Content-Type": "image/jpeg"}
        if length:
            headers["Content-Length"] = str(len(data))
        self.answers[UPLOADS + path] = (200, headers, data)

    def redirect(self, path, location, status=302):
        self.answers[UPLOADS + path] = (status, {"Location": location, "Content-Length": "0"}, b"")

    def fail(self, path, status=500):
        self.answers[UPLOADS + path] = (status, {"Content-Length": "6"}, b"Fehler")

    def uploads_requested(self):
        return [path.removeprefix(UPLOADS) for path in self.requests]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
