"""Read mail as a member's client does: IMAPS to the server's name, certificate checked.

usage: imap_read.py HOST CAFILE USER PASSWORD SUBJECT [--wait SECONDS]
Prints the raw message whose Subject contains SUBJECT and exits 0; exits 2 when the
login is refused (the server's answer on stderr), 3 when no such message arrived in time.
"""

import imaplib
import ssl
import sys
import time

host, cafile, user, password, subject = sys.argv[1:6]
wait = float(sys.argv[7]) if len(sys.argv) > 7 and sys.argv[6] == "--wait" else 0
client = imaplib.IMAP4_SSL(host, 993, ssl_context=ssl.create_default_context(cafile=cafile))
try:
    client.login(user, password)
except imaplib.IMAP4.error as error:
    print(f"login refused: {error}", file=sys.stderr)
    sys.exit(2)
deadline = time.monotonic() + wait
while True:
    client.select("INBOX", readonly=True)
    _, found = client.search(None, "SUBJECT", f'"{subject}"')
    if found[0].split():
        _, data = client.fetch(found[0].split()[0], "(RFC822)")
        sys.stdout.write(data[0][1].decode("utf-8", "replace"))
        sys.exit(0)
    if time.monotonic() > deadline:
        sys.exit(3)
    time.sleep(0.5)
