// Sends one event with PagerDuty's own client (@pagerduty/pdjs) to the Events API at the given server
// (host:port; the client always speaks https) and prints what the client made of the answer as JSON:
//   node send.js 127.0.0.1:8443 '{"routing_key":"…","event_action":"trigger",…}'
// Exits 0 when the client returned, 1 when it threw.
'use strict';
const { event } = require('@pagerduty/pdjs');

const [server, data] = process.argv.slice(2);
event({ server, data: JSON.parse(data) })
  .then((r) => {
    process.stdout.write(JSON.stringify({ status: r.status, data: r.data }) + '\n');
  })
  .catch((e) => {
    process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
    process.exit(1);
  });
