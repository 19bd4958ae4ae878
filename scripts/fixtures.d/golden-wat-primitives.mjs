// Runs the transpiled wat-primitives component under jco (Node) and prints golden I/O as JSON.
// usage: node golden-wat-primitives.mjs <transpiled-dir>
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = resolve(process.argv[2]);
const { instantiate } = await import(pathToFileURL(join(dir, 'wat-primitives.component.js')).href);
const c = await instantiate((p) => readFile(join(dir, p)).then((b) => WebAssembly.compile(b)), {});
const out = {
  'neg-s8(5)': c.negS8(5), 'neg-s8(-127)': c.negS8(-127),
  'inc-u8(41)': c.incU8(41), 'inc-u8(254)': c.incU8(254),
  'neg-s16(-300)': c.negS16(-300), 'inc-u16(65534)': c.incU16(65534),
  'neg-s64(9007199254740993)': c.negS64(9007199254740993n).toString(),
  'half-f32(3)': c.halfF32(3), 'max-u64(18446744073709551615,1)': c.maxU64(18446744073709551615n, 1n).toString(),
  'is-even-u16(10)': c.isEvenU16(10), 'is-even-u16(7)': c.isEvenU16(7),
};
console.log(JSON.stringify(out, null, 1));
