"""A mail server for tests that delivers nothing: it answers the SMTP dialogue of RFC 5321 as far
as a plain client (Python's smtplib) goes, one connection after the other, and appends each message
it is given to a file, as the sendmail stand-in does: "MAIL FROM:<a>" and "RCPT TO:<b>" lines as
the client sent them, a blank line, the message (dot-unstuffed, with \n line ends), and a line with
a single dot. It listens on a free loopback port and prints that port on its stdout, so the test
that starts it knows where it is. Standard library only: Python 3.11's smtpd is deprecated.

usage: smtpsink.py MAILBOX
"""
import socket
import sys

mailbox = sys.argv[1]
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(4)
print(server.getsockname()[1], flush=True)


def session(conn):
    stream = conn.makefile('rb')

    def reply(text):
        conn.sendall(text.encode('ascii') + b'\r\n')

    reply('220 localhost sink ready')
    envelope = []
    while True:
        line = stream.readline(1024)
        if not line:
            return
        command = line.decode('ascii', 'replace').rstrip('\r\n')
        verb = command.split(' ', 1)[0].upper()
        if verb in ('EHLO', 'HELO'):
            reply('250 localhost')
        elif verb in ('MAIL', 'RCPT'):
            envelope.append(command)
            reply('250 ok')
        elif verb == 'DATA':
            reply('354 end with .')
            body = []
            while True:
                data = stream.readline(65536)
                if not data or data in (b'.\r\n', b'.\n'):
                    break
                data = data.rstrip(b'\r\n')
                body.append(data[1:] if data.startswith(b'.') else data)
            with open(mailbox, 'ab') as f:
                f.write('\n'.join(envelope).encode('ascii') + b'\n\n' + b'\n'.join(body) + b'\n.\n')
            envelope = []
            reply('250 queued')
        elif verb in ('RSET', 'NOOP'):
            envelope = [] if verb == 'RSET' else envelope
            reply('250 ok')
        elif verb == 'QUIT':
            reply('221 bye')
            return
        else:
            reply('502 not implemented')


while True:
    conn, _ = server.accept()
    with conn:
        session(conn)
