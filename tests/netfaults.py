"""Network faults for tests and benchmarks: a TCP proxy that turns into a
black hole (a partition, not a refusal: connections stay open, nothing comes
back)."""
from __future__ import annotations

import socket
import threading


class BlackHole:
    """Forwards TCP to `target` until `swallow` is set; then drops everything."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.swallow = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if not self.swallow.is_set():
                    sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
