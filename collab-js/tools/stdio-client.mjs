// The JS client driven over stdin/stdout, one JSON object per line, for crypto-core's
// CollabJsInteropIntegrationTests (JS client <-> Java CollabServer). Test tooling only: not bundled.
//   {"op":"keygen"}                                   -> {"request":hex}
//   {"op":"keygenResponse","bytes":hex}               -> {"publicKey":hex}
//   {"op":"sign","sessionId":hex,"message":hex}       -> {"request":hex}
//   {"op":"signResponse","bytes":hex}                 -> {"der":hex}
//   {"op":"seal","pin":s,"pepper":hex}                -> {"sealed":hex}
// A refused message answers {"error":REASON}; the share is kept in memory only.
import { createInterface } from 'node:readline';
import { createClient, CollabError, fromHex, toHex, sealShare } from '../src/collab.js';

const client = createClient();
let keygen;
let share;
let signing;

function handle(command) {
  switch (command.op) {
    case 'keygen':
      keygen = client.startKeygen();
      return { request: toHex(keygen.request()) };
    case 'keygenResponse':
      share = keygen.finish(fromHex(command.bytes));
      return { publicKey: toHex(share.publicKey) };
    case 'sign':
      signing = client.startSigning(share, command.sessionId, fromHex(command.message));
      return { request: toHex(signing.request()) };
    case 'signResponse':
      return { der: toHex(signing.finish(fromHex(command.bytes)).der) };
    case 'seal':
      return { sealed: toHex(sealShare(share, command.pin, fromHex(command.pepper))) };
    default:
      return { error: 'UNKNOWN_OP' };
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let answer;
  try {
    answer = handle(JSON.parse(line));
  } catch (e) {
    answer = { error: e instanceof CollabError ? e.reason : `UNEXPECTED ${e.message}` };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
