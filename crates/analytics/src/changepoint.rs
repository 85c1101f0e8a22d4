//! Change points in a series by PELT (Killick, Fearnhead & Eckley 2012): the exact
//! minimiser of total segment cost plus a penalty per change, with pruning.
//!
//! ## Cost and penalty
//! Changes in mean under Gaussian noise: the cost of a segment is its sum of squared
//! deviations from its own mean, divided by the noise variance σ². σ is estimated robustly
//! from the series itself: σ = MAD(first differences) / (0.6745 · √2), which a level shift
//! barely moves. The default penalty per change is β = 2 · ln(n) (the BIC-style penalty for
//! one extra mean parameter and one location), so a change is kept only if it explains more
//! than 2 ln n units of normalised variance. A larger penalty finds fewer changes.
//!
//! Each change reports the mean before and after (over the neighbouring segments) and its
//! strength: the shift in units of σ. A sparse series (most periods without change) has a
//! robust σ of zero; then the plain standard deviation of the differences stands in.

use serde::Serialize;

/// One detected change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangePoint {
    /// Index of the first value of the new segment.
    pub index: usize,
    /// Mean of the segment before.
    pub before: f64,
    /// Mean of the segment after.
    pub after: f64,
    /// |after − before| / σ.
    pub strength: f64,
}

/// Noise scale from first differences: robust (MAD) when at least half the differences
/// are non-zero, else (sparse series, mostly flat) their standard deviation / √2. Zero only
/// for a constant series or fewer than three values.
pub fn noise_sigma(values: &[f64]) -> f64 {
    if values.len() < 3 {
        return 0.0;
    }
    let diffs: Vec<f64> = values.windows(2).map(|w| w[1] - w[0]).collect();
    let mut abs: Vec<f64> = diffs.iter().map(|d| d.abs()).collect();
    let mid = abs.len() / 2;
    abs.select_nth_unstable_by(mid, f64::total_cmp);
    let mad = abs[mid] / (0.6745 * std::f64::consts::SQRT_2);
    if mad > 0.0 {
        return mad;
    }
    let n = diffs.len() as f64;
    let mean = diffs.iter().sum::<f64>() / n;
    (diffs.iter().map(|d| (d - mean) * (d - mean)).sum::<f64>() / n).sqrt()
        / std::f64::consts::SQRT_2
}

/// The default penalty per change for a series of `n` values: 2 · ln(n).
pub fn default_penalty(n: usize) -> f64 {
    2.0 * (n.max(2) as f64).ln()
}

/// Change points of `values` by PELT; `penalty` defaults to [`default_penalty`], and
/// every segment has at least `min_size` values (at least 1).
pub fn pelt(values: &[f64], penalty: Option<f64>, min_size: usize) -> Vec<ChangePoint> {
    let n = values.len();
    let min_size = min_size.max(1);
    let sigma = noise_sigma(values);
    if n < 2 * min_size || sigma <= 0.0 {
        return Vec::new();
    }
    let beta = penalty.unwrap_or_else(|| default_penalty(n));
    let var = sigma * sigma;
    let mut s1 = vec![0.0; n + 1];
    let mut s2 = vec![0.0; n + 1];
    for (i, v) in values.iter().enumerate() {
        s1[i + 1] = s1[i] + v;
        s2[i + 1] = s2[i] + v * v;
    }
    // Cost of values[a..b], normalised by the noise variance.
    let cost = |a: usize, b: usize| {
        let len = (b - a) as f64;
        let sum = s1[b] - s1[a];
        ((s2[b] - s2[a]) - sum * sum / len).max(0.0) / var
    };
    let mut f = vec![f64::INFINITY; n + 1];
    let mut last = vec![0usize; n + 1];
    f[0] = -beta;
    let mut candidates: Vec<usize> = vec![0];
    for t in min_size..=n {
        let (mut best, mut arg) = (f64::INFINITY, 0);
        for &s in &candidates {
            if t - s < min_size {
                continue;
            }
            let v = f[s] + cost(s, t) + beta;
            if v < best {
                best = v;
                arg = s;
            }
        }
        f[t] = best;
        last[t] = arg;
        // Prune: s can never again be optimal once F(s) + C(s, t) > F(t).
        candidates.retain(|&s| t - s < min_size || f[s] + cost(s, t) <= f[t]);
        if t + min_size <= n || t == n {
            candidates.push(t);
        }
    }
    let mut bounds = vec![n];
    let mut t = n;
    while t > 0 {
        t = last[t];
        bounds.push(t);
    }
    bounds.reverse();
    let mean = |a: usize, b: usize| (s1[b] - s1[a]) / (b - a) as f64;
    bounds
        .windows(3)
        .map(|w| {
            let (before, after) = (mean(w[0], w[1]), mean(w[1], w[2]));
            ChangePoint {
                index: w[1],
                before,
                after,
                strength: (after - before).abs() / sigma,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small seeded generator (xorshift64*) with Box–Muller normals: reproducible, no dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            ((self.0.wrapping_mul(0x2545F4914F6CDD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }
        fn normal(&mut self) -> f64 {
            (-2.0 * self.next().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.next()).cos()
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() * n as f64) as usize % n
        }
    }

    #[test]
    fn finds_planted_changes_with_high_precision_and_recall() {
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for seed in 1..=300u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15));
            let n = 60 + rng.below(240);
            let k = rng.below(4); // 0 to 3 changes
            let mut planted: Vec<usize> = Vec::new();
            while planted.len() < k {
                let c = 10 + rng.below(n - 20);
                if planted.iter().all(|&p| p.abs_diff(c) >= 12) {
                    planted.push(c);
                }
            }
            planted.sort_unstable();
            let mut level = 10.0 * rng.normal();
            let mut series = Vec::with_capacity(n);
            for i in 0..n {
                if planted.contains(&i) {
                    let shift = 3.0 + 2.0 * rng.next();
                    level += if rng.next() < 0.5 { shift } else { -shift };
                }
                series.push(level + rng.normal());
            }
            let found: Vec<usize> = pelt(&series, None, 3).iter().map(|c| c.index).collect();
            let near = |a: usize, b: usize| a.abs_diff(b) <= 3;
            tp += planted
                .iter()
                .filter(|&&p| found.iter().any(|&f| near(f, p)))
                .count();
            fn_ += planted
                .iter()
                .filter(|&&p| !found.iter().any(|&f| near(f, p)))
                .count();
            fp += found
                .iter()
                .filter(|&&f| !planted.iter().any(|&p| near(f, p)))
                .count();
        }
        let precision = tp as f64 / (tp + fp) as f64;
        let recall = tp as f64 / (tp + fn_) as f64;
        println!(
            "PELT on 300 seeded series: precision {precision:.3}, recall {recall:.3} ({tp} found, {fp} false, {fn_} missed)"
        );
        assert!(precision >= 0.9, "precision {precision:.3}");
        assert!(recall >= 0.9, "recall {recall:.3}");
    }

    #[test]
    fn reports_levels_and_strength() {
        let mut rng = Rng(42);
        let series: Vec<f64> = (0..100)
            .map(|i| if i < 50 { 0.0 } else { 5.0 } + 0.5 * rng.normal())
            .collect();
        let cps = pelt(&series, None, 2);
        assert_eq!(cps.len(), 1, "{cps:?}");
        assert!(cps[0].index.abs_diff(50) <= 1);
        assert!((cps[0].before - 0.0).abs() < 0.3 && (cps[0].after - 5.0).abs() < 0.3);
        assert!(cps[0].strength > 5.0);
        assert!(
            pelt(&series, Some(1e9), 2).is_empty(),
            "a huge penalty keeps no change"
        );
    }

    #[test]
    fn flat_and_tiny_series() {
        assert!(pelt(&[], None, 1).is_empty());
        assert!(pelt(&[1.0; 20], None, 1).is_empty());
        let step: Vec<f64> = (0..20).map(|i| if i < 10 { 0.0 } else { 1.0 }).collect();
        assert_eq!(
            pelt(&step, None, 2)
                .iter()
                .map(|c| c.index)
                .collect::<Vec<_>>(),
            vec![10]
        );
    }
}
