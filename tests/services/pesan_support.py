"""Stand-ins for what a test cannot reach: a WhatsApp gateway (a real HTTP server on this
machine, answering as the common gateways do) and a mail server (a small SMTP server on
stdlib sockets). Both record what they received."""
from __future__ import annotations

import json
import socket
import socketserver
import threading
from email import message_from_bytes
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gateway:
    """A WhatsApp gateway on 127.0.0.1:`port`: `{"target", "message"}` with the token in
    Authorization; answers 200 `{"status": true}`, or 401 for a wrong token."""

    def __init__(self, port: int | None = None, token: str = "token-uji"):
        self.port, self.token = port or free_port(), token
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> "Gateway":
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.headers.get("Authorization") != gateway.token:
                    answer, code = {"status": False, "reason": "invalid token"}, 401
                else:
                    gateway.received.append(json.loads(body))
                    gateway.headers.append(dict(self.headers))
                    answer, code = {"status": True, "detail": "success! message in queue"}, 200
                data = json.dumps(answer).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class SmtpServer:
    """Enough of SMTP (RFC 5321) for smtplib without TLS or login: EHLO/HELO, MAIL, RCPT,
    DATA, RSET, NOOP, QUIT. Each accepted mail is kept as (recipients, parsed message)."""

    def __init__(self):
        self.port = free_port()
        self.received: list[tuple[list[str], object]] = []
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write((line + "\r\n").encode())

            def handle(self):
                self.reply("220 uji ESMTP")
                rcpt, data_mode, lines = [], False, []
                while True:
                    raw = self.rfile.readline()
                    if not raw:
                        return
                    if data_mode:
                        if raw in (b".\r\n", b".\n"):
                            body = b"".join(line[1:] if line.startswith(b"..") else line
                                            for line in lines)
                            server.received.append(
                                (rcpt, message_from_bytes(body, policy=default_policy)))
                            rcpt, data_mode, lines = [], False, []
                            self.reply("250 OK diterima")
                        else:
                            lines.append(raw)
                        continue
                    command = raw.decode(errors="replace").strip()
                    verb = command[:4].upper()
                    if verb == "EHLO":
                        self.reply("250-uji")
                        self.reply("250 8BITMIME")
                    elif verb == "HELO":
                        self.reply("250 uji")
                    elif verb == "MAIL":
                        self.reply("250 OK")
                    elif verb == "RCPT":
                        rcpt.append(command.split(":", 1)[1].strip().strip("<>"))
                        self.reply("250 OK")
                    elif verb == "DATA":
                        data_mode = True
                        self.reply("354 akhiri dengan <CRLF>.<CRLF>")
                    elif verb in ("RSET", "NOOP"):
                        self.reply("250 OK")
                    elif verb == "QUIT":
                        self.reply("221 sampai jumpa")
                        return
                    else:
                        self.reply("502 tidak dikenal")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
