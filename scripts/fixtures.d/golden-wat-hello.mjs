// Runs the transpiled wat-hello component under jco (Node) and prints golden I/O as JSON.
// usage: node golden-wat-hello.mjs <transpiled-dir>
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'wat-hello.component.js')).href);
const inst = await instantiate((p) => readFile(join(dir, p)).then((b) => WebAssembly.compile(b)), {});
const out = {};
for (const name of ['World', 'héllo ✓', '']) out[`greet(${JSON.stringify(name)})`] = inst.greet(name);
console.log(JSON.stringify(out, null, 1));
