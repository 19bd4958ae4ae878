// Node side of the large-component harness (scripts/large-components bench): the same numbers as
// LargeComponentMain for a jco-transpiled component, as key=value lines.
// usage: node large-greeter.mjs <transpiled-dir> <name> [later-calls]
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const t0 = performance.now();
const dir = resolve(process.argv[2]);
const calls = Number(process.argv[4] ?? 200);
const m = await import(pathToFileURL(join(dir, process.argv[3] + '.js')).href);
const loaded = performance.now();
const first = m.greet('World');
const firstAt = performance.now();
if (first !== 'Hello, World!') throw new Error('greet returned ' + first);
const times = [];
for (let i = 0; i < calls; i++) {
  const s = performance.now();
  const r = m.greet('n' + i);
  times.push(performance.now() - s);
  if (r !== `Hello, n${i}!`) throw new Error('greet returned ' + r);
}
// the last quarter: the steady state, as LargeComponentMain prints it
const last = times.slice(calls - Math.floor(calls / 4)).sort((a, b) => a - b);
times.sort((a, b) => a - b);
const f = (x) => x.toFixed(3);
console.log('mode=node ' + process.version);
console.log('load_ms=' + f(loaded - t0));
console.log('first_greet_ms=' + f(firstAt - loaded));
// performance.now() counts from process start (timeOrigin)
console.log('first_call_from_process_start_ms=' + f(firstAt));
if (last.length > 0) {
  console.log('later_greet_last_quarter_median_ms=' + last[Math.floor(last.length / 2)].toFixed(3));
  console.log('later_greet_last_quarter_p90_ms=' + last[Math.floor(last.length * 0.9)].toFixed(3));
}
console.log('later_greet_median_ms=' + f(times[Math.floor(calls / 2)]));
console.log('later_greet_p90_ms=' + f(times[Math.floor(calls * 0.9)]));
console.log('later_greet_min_ms=' + f(times[0]));
console.log('end_vmhwm_mb=' + Math.round(process.resourceUsage().maxRSS / 1024));
