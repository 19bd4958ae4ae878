// WASI command in JavaScript (QuickJS backend of jco componentize): prints its arguments through
// wasi:cli/stdout. The WIT in wit/ declares only what it uses, with the WASI names and types.
import { getStdout } from 'wasi:cli/stdout@0.2.3';
import { getArguments } from 'wasi:cli/environment@0.2.3';

export const run = {
  run() {
    const out = getStdout();
    const args = getArguments();
    const text = `hello from js, args: ${JSON.stringify(args.slice(1))}\n`;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;   // ASCII text
    out.blockingWriteAndFlush(bytes);
  }
};
