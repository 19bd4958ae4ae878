// A JavaScript component (QuickJS backend of jco componentize) that counts visits per name in wasi:keyvalue:
// example:counter/counter.count(name) increments "name" in the bucket "counts" and returns the new value. The WIT
// in wit/ declares only what it uses of wasi:keyvalue, with the WASI names and types. (QuickJS hands u64 values
// to and from JavaScript as numbers, not BigInts.)
import { open } from 'wasi:keyvalue/store@0.2.0-draft';
import { increment } from 'wasi:keyvalue/atomics@0.2.0-draft';

export const counter = {
  count(name) {
    const bucket = open('counts');
    return increment(bucket, name, 1);
  }
};
