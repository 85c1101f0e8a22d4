//! Hostile inputs for property tests of the readers: arbitrary bytes and mutations of real
//! inputs, from a fixed seed, and a runner that fails on a panic or a hang.
//!
//! The suite runs at most [`CASES`] cases per reader on inputs of at most [`MAX_LEN`]
//! bytes; longer fuzzing (`cargo test -- --ignored`, or `VIGIL_FUZZ_CASES=N`) lies outside
//! `.ci/run`.

use std::sync::mpsc;
use std::time::Duration;

/// Cases per reader in the test suite (override with `VIGIL_FUZZ_CASES`).
pub const CASES: usize = 256;
/// Largest generated input.
pub const MAX_LEN: usize = 64 * 1024;

/// How many cases to run.
pub fn cases() -> usize {
    std::env::var("VIGIL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(CASES)
}

/// A small deterministic generator (xorshift64*), so a failing case can be replayed from
/// its seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a constant).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the formats: separators, quotes, markup, line ends, invalid UTF-8.
const SPECIAL: &[u8] = b"\t,\"'\n\r<>/&;#{}[]=-0123456789 \x00\xff\xc3\x1a";

/// One hostile input: every eighth case arbitrary bytes, the others `seed` mutated.
pub fn input(rng: &mut Rng, seed: &[u8], case: usize) -> Vec<u8> {
    if case.is_multiple_of(8) || seed.is_empty() {
        let len = rng.below(MAX_LEN.min(4096));
        return (0..len)
            .map(|_| {
                if rng.below(2) == 0 {
                    SPECIAL[rng.below(SPECIAL.len())]
                } else {
                    rng.next_u64() as u8
                }
            })
            .collect();
    }
    let mut out = seed[..seed.len().min(MAX_LEN)].to_vec();
    for _ in 0..1 + rng.below(8) {
        mutate(rng, &mut out);
    }
    out.truncate(MAX_LEN);
    out
}

fn mutate(rng: &mut Rng, b: &mut Vec<u8>) {
    let len = b.len();
    let at = rng.below(len + 1);
    match rng.below(7) {
        // Overwrite a byte with a special one.
        0 if len > 0 => b[at.min(len - 1)] = SPECIAL[rng.below(SPECIAL.len())],
        // Insert special bytes.
        1 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                b.insert(at, SPECIAL[rng.below(SPECIAL.len())]);
            }
        }
        // Delete a range.
        2 if len > 0 => {
            let end = (at + rng.below(64)).min(len);
            b.drain(at.min(end)..end);
        }
        // Duplicate a range.
        3 if len > 0 => {
            let start = rng.below(len);
            let end = (start + rng.below(256)).min(len);
            let piece = b[start..end].to_vec();
            let at = at.min(b.len());
            b.splice(at..at, piece);
        }
        // Truncate.
        4 => b.truncate(at),
        // A long run without a line end.
        5 => {
            let n = rng.below(8192);
            let at = at.min(b.len());
            b.splice(at..at, std::iter::repeat_n(b'x', n));
        }
        // Flip a random bit.
        _ if len > 0 => b[at.min(len - 1)] ^= 1 << rng.below(8),
        _ => {}
    }
}

/// Runs `case` on a thread and fails the test, naming the seed, if it panics or takes
/// longer than `limit`.
pub fn run_guarded(name: &str, seed: u64, limit: Duration, case: impl FnOnce() + Send + 'static) {
    let (tx, rx) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        case();
        let _ = tx.send(());
    });
    match rx.recv_timeout(limit) {
        Ok(()) => {
            handle.join().ok();
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let why = handle
                .join()
                .err()
                .and_then(|e| {
                    e.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_default();
            panic!("{name}: case with seed {seed} panicked: {why}");
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{name}: case with seed {seed} did not finish within {limit:?} (a hang?)")
        }
    }
}

/// Runs `check` on [`cases`] hostile inputs made from `seed_input`, each guarded against
/// panics and hangs. `check` returns normally for a clear error or set-aside rows.
pub fn each_case(name: &str, seed_input: &[u8], check: impl Fn(Vec<u8>) + Send + Sync + 'static) {
    let check = std::sync::Arc::new(check);
    let base = 0x5EED_0000u64
        ^ name
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31) + b as u64);
    for case in 0..cases() {
        let seed = base + case as u64;
        let mut rng = Rng::new(seed);
        let bytes = input(&mut rng, seed_input, case);
        let check = check.clone();
        run_guarded(name, seed, Duration::from_secs(20), move || check(bytes));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_reproducible_and_bounded() {
        let seed = b"a,b,c\n1,2,3\n".repeat(100);
        let a: Vec<Vec<u8>> = (0..50)
            .map(|c| input(&mut Rng::new(c as u64 + 7), &seed, c))
            .collect();
        let b: Vec<Vec<u8>> = (0..50)
            .map(|c| input(&mut Rng::new(c as u64 + 7), &seed, c))
            .collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|x| x.len() <= MAX_LEN));
        assert!(a.iter().any(|x| x != &seed));
    }

    #[test]
    fn a_panicking_case_fails_and_a_quiet_one_passes() {
        let failed = std::panic::catch_unwind(|| {
            run_guarded("t", 1, Duration::from_secs(5), || panic!("boom"))
        });
        assert!(failed.is_err());
        run_guarded("t", 2, Duration::from_secs(5), || {});
    }
}
