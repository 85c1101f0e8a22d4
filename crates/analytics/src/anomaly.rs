//! Periods that stand out from their own recent past.
//!
//! For each period, the baseline is the median of the previous `window` values and the
//! scale is 1.4826 · MAD of those values (the MAD scaled to a normal σ). The robust z-score
//! is `(value − median) / scale`; a period is anomalous when `|z| ≥ threshold`. When the
//! window's MAD is zero (a mostly flat series), its standard deviation stands in; when that
//! is zero too (a constant window), the scale is 1 so that any departure of at least
//! `threshold` units counts. The first `window` periods have no baseline and are not judged.

use serde::Serialize;

/// One anomalous period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Anomaly {
    /// Index of the period in the series.
    pub index: usize,
    /// Its value.
    pub value: f64,
    /// Median of the previous `window` values.
    pub baseline: f64,
    /// Robust z-score.
    pub z: f64,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Anomalous periods of `values` against a trailing window of `window` periods.
pub fn robust_z(values: &[f64], window: usize, threshold: f64) -> Vec<Anomaly> {
    let window = window.max(2);
    let mut out = Vec::new();
    for i in window..values.len() {
        let mut past: Vec<f64> = values[i - window..i].to_vec();
        let base = median(&mut past);
        let mut dev: Vec<f64> = past.iter().map(|v| (v - base).abs()).collect();
        let mut scale = 1.4826 * median(&mut dev);
        if scale <= 0.0 {
            let mean = past.iter().sum::<f64>() / past.len() as f64;
            scale =
                (past.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / past.len() as f64).sqrt();
        }
        if scale <= 0.0 {
            scale = 1.0;
        }
        let z = (values[i] - base) / scale;
        if z.abs() >= threshold {
            out.push(Anomaly {
                index: i,
                value: values[i],
                baseline: base,
                z,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_planted_spikes_and_nothing_else() {
        // A noisy but steady series with two planted spikes.
        let mut v: Vec<f64> = (0..60)
            .map(|i| 20.0 + ((i * 7919) % 11) as f64 - 5.0)
            .collect();
        v[30] = 60.0;
        v[45] = -25.0;
        let found: Vec<usize> = robust_z(&v, 8, 3.5).iter().map(|a| a.index).collect();
        assert_eq!(found, vec![30, 45]);
        let a = &robust_z(&v, 8, 3.5)[0];
        assert!(a.z > 3.5 && (a.baseline - 20.0).abs() <= 5.0);
    }

    #[test]
    fn flat_windows_and_short_series() {
        assert!(robust_z(&[1.0, 2.0], 6, 3.0).is_empty());
        let v = [0.0, 0.0, 0.0, 0.0, 5.0, 0.0];
        let a = robust_z(&v, 4, 3.0);
        assert_eq!(a.len(), 1);
        assert_eq!((a[0].index, a[0].z), (4, 5.0));
    }
}
