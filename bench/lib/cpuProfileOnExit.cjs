// Preloaded (NODE_OPTIONS=--require) into code-server's Node processes by
// `bench/editor.mjs --cpu-prof DIR`: profiles the extension host and
// Corroborate's language server and writes DIR/<role>-<pid>.cpuprofile when
// the process exits (Node 20 refuses --cpu-prof in NODE_OPTIONS). Other
// processes are left alone.
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.CORROBORATE_CPU_PROFILE_DIR;
const args = process.argv.join(' ');
const role = /dist[\\/]server\.js/.test(args) ? 'server' : /--type=extensionHost/.test(args) ? 'extension-host' : undefined;

if (dir && role) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // A session on the main thread answers synchronously, so this works in an 'exit' handler.
    session.post('Profiler.stop', (err, result) => {
      if (!err) fs.writeFileSync(path.join(dir, `${role}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on('exit', write);
  process.once('SIGTERM', () => {
    write();
    process.exit(143);
  });
}
