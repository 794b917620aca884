"""A small real IMAP4rev1 server on 127.0.0.1 for the poller's tests.

It speaks the part of RFC 3501 the poller uses (CAPABILITY, LOGIN, SELECT,
UID SEARCH, UID FETCH of RFC822.SIZE / BODY.PEEK[] / BODY.PEEK[HEADER],
UID STORE +FLAGS, NOOP, LOGOUT) over a real socket, so the poller's
``imaplib`` client is exercised as it is against a production server.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field

from tests.mail.smtp import free_port


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


@dataclass
class MailStore:
    user: str = "help@wowdesk.test"
    password: str = "s3cret pass"
    folder: str = "INBOX"
    messages: list[StoredMessage] = field(default_factory=list)
    # Hang up instead of answering a STORE (the poller dies before marking seen).
    drop_on_store: bool = False
    logins: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, raw: bytes) -> StoredMessage:
        with self.lock:
            message = StoredMessage(uid=len(self.messages) + 1, raw=raw)
            self.messages.append(message)
            return message

    def seen(self) -> list[int]:
        return [m.uid for m in self.messages if "\\Seen" in m.flags]


_ARGS = re.compile(r'"((?:[^"\\]|\\.)*)"|(\S+)')


def _args(text: str) -> list[str]:
    return [
        quoted.replace('\\"', '"').replace("\\\\", "\\") if quoted else bare for quoted, bare in _ARGS.findall(text)
    ]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, line: str | bytes) -> None:
        data = line if isinstance(line, bytes) else line.encode()
        self.wfile.write(data + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        store = self.server.store
        self.send("* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] WowDesk test IMAP ready")
        authenticated = selected = False
        while True:
            line = self.rfile.readline()
            if not line:
                return
            tag, _sp, rest = line.decode().rstrip("\r\n").partition(" ")
            command, _sp, arguments = rest.partition(" ")
            command = command.upper()
            if command == "CAPABILITY":
                self.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN")
                self.send(f"{tag} OK CAPABILITY completed")
            elif command == "NOOP":
                self.send(f"{tag} OK NOOP completed")
            elif command == "LOGOUT":
                self.send("* BYE logging out")
                self.send(f"{tag} OK LOGOUT completed")
                return
            elif command == "LOGIN":
                user, password = [*_args(arguments), "", ""][:2]
                if user == store.user and password == store.password:
                    authenticated = True
                    store.logins += 1
                    self.send(f"{tag} OK LOGIN completed")
                else:
                    self.send(f"{tag} NO [AUTHENTICATIONFAILED] Invalid credentials")
            elif not authenticated:
                self.send(f"{tag} BAD Log in first")
            elif command == "SELECT":
                if _args(arguments)[:1] != [store.folder]:
                    self.send(f"{tag} NO No such folder")
                    continue
                selected = True
                self.send(f"* {len(store.messages)} EXISTS")
                self.send("* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)")
                self.send(f"{tag} OK [READ-WRITE] SELECT completed")
            elif command == "UID" and selected:
                if not self.uid(tag, arguments, store):
                    return
            else:
                self.send(f"{tag} BAD Unsupported command")

    def uid(self, tag: str, arguments: str, store: MailStore) -> bool:
        sub, _sp, rest = arguments.partition(" ")
        sub = sub.upper()
        if sub == "SEARCH":
            with store.lock:
                unseen = [str(m.uid) for m in store.messages if "\\Seen" not in m.flags]
            self.send("* SEARCH" + "".join(f" {uid}" for uid in unseen))
            self.send(f"{tag} OK SEARCH completed")
            return True
        uid_text, _sp, what = rest.partition(" ")
        message = next((m for m in store.messages if str(m.uid) == uid_text), None)
        if message is None:
            self.send(f"{tag} OK nothing matched")
            return True
        number = store.messages.index(message) + 1
        flags_given = re.findall(r"\\\w+", what)
        what = what.upper()
        if sub == "FETCH" and "RFC822.SIZE" in what:
            self.send(f"* {number} FETCH (UID {message.uid} RFC822.SIZE {len(message.raw)})")
        elif sub == "FETCH" and "BODY.PEEK[HEADER]" in what:
            head = message.raw.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0] + b"\r\n\r\n"
            self.send(f"* {number} FETCH (UID {message.uid} BODY[HEADER] {{{len(head)}}}".encode())
            self.wfile.write(head)
            self.send(")")
        elif sub == "FETCH" and "BODY.PEEK[]" in what:
            self.send(f"* {number} FETCH (UID {message.uid} BODY[] {{{len(message.raw)}}}".encode())
            self.wfile.write(message.raw)
            self.send(")")
        elif sub == "STORE" and "+FLAGS" in what:
            if store.drop_on_store:
                return False
            with store.lock:
                message.flags.update(flags_given)
            self.send(f"* {number} FETCH (UID {message.uid} FLAGS ({' '.join(sorted(message.flags))}))")
        else:
            self.send(f"{tag} BAD Unsupported UID command")
            return True
        self.send(f"{tag} OK UID {sub} completed")
        return True


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, store: MailStore, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.store = store


class ImapServer:
    """``with ImapServer() as server:`` serves ``server.store`` on ``127.0.0.1:server.port``."""

    def __init__(self) -> None:
        self.store = MailStore()
        self.port = free_port()
        self._server = _Server(self.store, self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> ImapServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
