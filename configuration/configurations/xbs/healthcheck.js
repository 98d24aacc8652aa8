// The xbs container's healthcheck, run by the image's node with the URL of the API's /info route
// (the port is settings.json's server.port). xBrowserSync's GET /info answers 200
// with a status: 1 online, 3 online but refusing new syncs (maxSyncs reached), 2 offline (switched
// off in settings.json, or its database unreachable). Healthy means 1 or 3; anything else, an
// error or no answer within the time limit means unhealthy.
'use strict';

const http = require('http');

const url = process.argv[2];
const online = [1, 3];

const fail = (reason) => {
  console.log(`xBrowserSync is unhealthy: ${reason}`);
  process.exit(1);
};

const request = http.get(url, { timeout: 4000 }, (response) => {
  let body = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => {
    body += chunk;
  });
  response.on('end', () => {
    if (response.statusCode !== 200) {
      fail(`GET ${url} answered ${response.statusCode}`);
    }
    let status;
    try {
      status = JSON.parse(body).status;
    } catch (error) {
      fail(`GET ${url} did not answer JSON`);
    }
    if (!online.includes(status)) {
      fail(`its status is ${status}`);
    }
    console.log(`xBrowserSync is healthy (status ${status}).`);
    process.exit(0);
  });
});
request.on('timeout', () => request.destroy(new Error('no answer in time')));
request.on('error', (error) => fail(error.message));
