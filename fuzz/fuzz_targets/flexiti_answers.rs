//! Every Flexiti answer the proxy reads (`proxy::upstream::flexiti`), from arbitrary bytes: the
//! first byte picks the answer, the rest is its body. No panic, no hang, no unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use proxy::upstream::flexiti::fuzzing;

fuzz_target!(|data: &[u8]| {
    if let Some((&which, body)) = data.split_first() {
        fuzzing::answer(usize::from(which), body);
    }
});
