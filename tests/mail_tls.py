"""A throwaway certificate authority for the test mail servers (trustme).

Dovecot and the SMTP sink both present a certificate for 127.0.0.1 and
localhost signed by this CA; clients trust it through `ca_file` only, so
certificate verification stays on in every test.
"""
from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme

HOST = "127.0.0.1"


@dataclass(frozen=True)
class MailCA:
    """PEM files of a CA and of a server certificate it signed."""

    ca_file: Path
    cert_file: Path  # the server certificate, then its chain
    key_file: Path

    @classmethod
    def create(cls, folder: Path) -> MailCA:
        ca = trustme.CA(organization_name="Rappel tests")
        server = ca.issue_cert(HOST, "localhost")
        mail_ca = cls(folder / "ca.pem", folder / "server.pem", folder / "server.key")
        ca.cert_pem.write_to_path(str(mail_ca.ca_file))
        for number, blob in enumerate(server.cert_chain_pems):
            blob.write_to_path(str(mail_ca.cert_file), append=number > 0)
        server.private_key_pem.write_to_path(str(mail_ca.key_file))
        return mail_ca

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def client_context(self) -> ssl.SSLContext:
        """What a careful client builds: the system's defaults, this CA trusted."""
        return ssl.create_default_context(cafile=str(self.ca_file))


def free_port(host: str = HOST) -> int:
    """A port nothing listens on right now (another process may take it
    before the server binds it: callers retry on "address in use")."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port
