// Runs the transpiled wat-resources component in Node (jco) and prints golden I/O as JSON.
// usage: node golden-wat-resources.mjs <transpiled-dir>
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'wat-resources.component.js')).href);
// the host's blob holds twice its initial value
class Blob { constructor(init) { this.value = init * 2; } read() { return this.value; } }
const host = { Blob };
const inst = await instantiate((p) => readFile(join(dir, p)).then((b) => WebAssembly.compile(b)),
  { 'example:resources/host': host, 'example:resources/host@0.1.0': host });
const api = inst.api ?? inst['example:resources/api@0.1.0'];
const out = {};
const a = new api.Counter(5);
const b = new api.Counter(100);
out['a=counter(5); a.increment()'] = a.increment();
out['a.increment()'] = a.increment();
out['b=counter(100); b.get()'] = b.get();
out['a.get()'] = a.get();
out['drops() before consume'] = api.drops();
out['consume(a)'] = api.consume(a);
out['drops() after consume'] = api.drops();
out['roundtrip(21)'] = inst.roundtrip(21);
console.log(JSON.stringify(out, null, 1));
