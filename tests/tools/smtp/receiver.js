#!/usr/bin/env node
// A real SMTP server for the email channel's tests.
//
//   node receiver.js --port 0 --user u --password p --out messages.jsonl [--control control.json]
//                    [--rcpt-reply 550] [--data-reply 451]
//
// It listens on 127.0.0.1 (port 0: one the OS picks) and prints "listening 127.0.0.1:<port>" once it
// does. It offers STARTTLS with smtp-server's built-in self-signed test certificate, refuses AUTH
// before STARTTLS (538) and MAIL before AUTH (530), and takes AUTH PLAIN or LOGIN with the given user
// and password only (535 otherwise). Every message that reaches the end of DATA is appended to --out
// as one JSON line: the envelope, whether the session was on TLS, the authenticated user, the reply
// it got, and the raw RFC 5322 source in base64.
//
// Scripted refusals: --rcpt-reply CODE answers every RCPT TO with CODE, --data-reply CODE answers
// the end of DATA with CODE. A --control file, read again on every command, overrides both while it
// exists: {"rcpt": 550, "data": 451} (either key may be left out or null).
'use strict';

const fs = require('fs');
const { SMTPServer } = require('smtp-server');

function parseArgs(argv) {
    const args = {};
    for (let i = 0; i < argv.length; i++) {
        const name = argv[i];
        if (!name.startsWith('--') || i + 1 >= argv.length) {
            fail(`unexpected argument '${name}'`);
        }
        args[name.slice(2)] = argv[++i];
    }
    return args;
}

function fail(message) {
    process.stderr.write(`receiver.js: ${message}\n`);
    process.exit(2);
}

const args = parseArgs(process.argv.slice(2));
for (const required of ['port', 'user', 'password', 'out']) {
    if (args[required] === undefined) {
        fail(`--${required} is required`);
    }
}

const texts = {
    451: '4.7.1 Try again later',
    452: '4.2.2 Mailbox full, try again later',
    550: '5.1.1 Mailbox unavailable',
    552: '5.3.4 Message too big',
    554: '5.7.1 Message rejected',
};

function reply(stage) {
    let code = args[`${stage}-reply`] !== undefined ? Number(args[`${stage}-reply`]) : null;
    if (args.control && fs.existsSync(args.control)) {
        const control = JSON.parse(fs.readFileSync(args.control, 'utf8'));
        if (Object.prototype.hasOwnProperty.call(control, stage)) {
            code = control[stage];
        }
    }
    if (!code) {
        return null;
    }
    const error = new Error(texts[code] || 'Refused by the test receiver');
    error.responseCode = code;
    return error;
}

let received = 0;

const server = new SMTPServer({
    name: 'receiver.test',
    banner: 'Firebreak test receiver',
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: false,
    allowInsecureAuth: false,
    logger: false,
    size: 10 * 1024 * 1024,
    onAuth(auth, session, callback) {
        if (auth.username === args.user && auth.password === args.password) {
            return callback(null, { user: auth.username });
        }
        const error = new Error('5.7.8 Authentication credentials invalid');
        error.responseCode = 535;
        return callback(error);
    },
    onRcptTo(address, session, callback) {
        callback(reply('rcpt'));
    },
    onData(stream, session, callback) {
        const chunks = [];
        stream.on('data', chunk => chunks.push(chunk));
        stream.on('end', () => {
            const refusal = reply('data');
            const record = {
                mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                rcptTo: session.envelope.rcptTo.map(r => r.address),
                secure: Boolean(session.secure),
                user: session.user || null,
                answered: refusal ? refusal.responseCode : 250,
                raw: Buffer.concat(chunks).toString('base64'),
            };
            // Written before the reply goes out, so a client that has its 250 finds the message in the file.
            fs.appendFileSync(args.out, JSON.stringify(record) + '\n');
            if (refusal) {
                return callback(refusal);
            }
            received++;
            return callback(null, `OK queued as test-${received}`);
        });
    },
});

server.on('error', error => process.stderr.write(`receiver.js: ${error.message}\n`));

server.listen(Number(args.port), '127.0.0.1', () => {
    const address = server.server.address();
    process.stdout.write(`listening 127.0.0.1:${address.port}\n`);
});

function stop() {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The test process closes stdin when it goes away: the receiver goes with it.
process.stdin.on('end', stop);
process.stdin.resume();
