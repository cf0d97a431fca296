"""Another site for the link check, played by a real HTTP server on loopback.

It answers by path (see ANSWERS), records each request (method, path, User-Agent) and
how many it served at once.
"""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# path → (status, Location or None); "/langsam" answers after SLOW_SECONDS.
ANSWERS = {
    "/gut": (200, None),
    "/alt": (301, "/neu"),
    "/neu": (200, None),
    "/dauerhaft": (308, "/alt"),
    "/kurz-weg": (302, "/gut"),
    "/weg": (404, None),
    "/entfernt": (410, None),
    "/kaputt": (500, None),
    "/kreis": (301, "/kreis"),
    "/nach-intern": (301, "http://10.0.0.1/geheim"),
    "/ohne-head": (200, None),  # HEAD: 405
    "/alter-server": (200, None),  # HEAD: 501
    "/langsam": (200, None),
}
SLOW_SECONDS = 5.0


class LinkSite:
    def __init__(self, slow_seconds=SLOW_SECONDS):
        self.requests = []
        self.busy = 0
        self.most_at_once = 0
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_HEAD(self):
                refused = {"/ohne-head": 405, "/alter-server": 501}.get(self.path)
                if refused:
                    return self._answer(refused, None)
                site.serve(self, slow_seconds)

            def do_GET(self):
                site.serve(self, slow_seconds)

            def _answer(self, status, location):
                site.requests.append((self.command, self.path, self.headers["User-Agent"]))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.handler = Handler
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, handler, slow_seconds):
        with self.lock:
            self.busy += 1
            self.most_at_once = max(self.most_at_once, self.busy)
        try:
            if handler.path.startswith("/langsam"):
                time.sleep(slow_seconds)
        finally:
            # Before answering: once answered, the checker may start its next request
            # before this thread would get to count this one as done.
            with self.lock:
                self.busy -= 1
        status, location = ANSWERS.get(handler.path.split("?")[0], (404, None))
        # The check may have given up waiting, as it should.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler._answer(status, location)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def asked(self, path):
        return [method for method, asked_path, _ in self.requests if asked_path == path]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
