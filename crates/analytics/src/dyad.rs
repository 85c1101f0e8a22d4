//! The series of one dyad (a pair of countries) over time.
//!
//! ## Indices
//! For a period `t`, let `V_t` be the number of events in which country A or country B is
//! an actor (on either side, with any partner), and let `c_t` and `k_t` be the dyad's
//! cooperative (quad classes 1–2) and conflictual (3–4) events in the chosen direction(s).
//!
//! * cooperation index `C_t = 1000 · c_t / V_t`
//! * conflict index `K_t = 1000 · k_t / V_t`
//!
//! that is, dyad events per thousand events involving either country. Dividing by `V_t`
//! removes swings in media volume (a news-heavy week raises `c_t` and `V_t` together); the
//! index rises only when the pair takes a larger share of its members' activity. A period
//! with `V_t = 0` has both indices 0.
//!
//! The **share of attention** of the dyad for A is its events (both directions) over all
//! events involving A in the period; likewise for B.

use serde::Serialize;
use vigil_model::date::{days_from_ymd, format_iso, ymd_from_days};

/// Length of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    /// One day.
    Day,
    /// Monday to Sunday (ISO weeks).
    Week,
    /// A calendar month.
    Month,
}

impl Freq {
    /// The first day of the period that contains `day` (days since 1970-01-01).
    pub fn start(self, day: i32) -> i32 {
        match self {
            Freq::Day => day,
            // 1970-01-01 was a Thursday: Monday is three days before.
            Freq::Week => day - (day + 3).rem_euclid(7),
            Freq::Month => {
                let (y, m, _) = ymd_from_days(day);
                days_from_ymd(y, m, 1).expect("first of a month exists")
            }
        }
    }

    /// The first day of the next period.
    pub fn next(self, start: i32) -> i32 {
        match self {
            Freq::Day => start + 1,
            Freq::Week => start + 7,
            Freq::Month => {
                let (y, m, _) = ymd_from_days(start);
                let (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                days_from_ymd(y, m, 1).expect("first of a month exists")
            }
        }
    }
}

/// Which events of the dyad count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A toward B and B toward A.
    Both,
    /// A toward B only.
    AB,
    /// B toward A only.
    BA,
}

impl Direction {
    /// Whether A→B and B→A events count.
    pub fn sides(self) -> (bool, bool) {
        match self {
            Direction::Both => (true, true),
            Direction::AB => (true, false),
            Direction::BA => (false, true),
        }
    }
}

/// Counts of one day, as the store returns them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayCounts {
    /// Days since 1970-01-01.
    pub day: i32,
    /// Events A→B by quad class 1–4.
    pub ab: [u64; 4],
    /// Events B→A by quad class 1–4.
    pub ba: [u64; 4],
    /// Sum of Goldstein weights A→B.
    pub goldstein_ab: f64,
    /// Sum of Goldstein weights B→A.
    pub goldstein_ba: f64,
    /// Sum of tone over dyad events with a tone, A→B and B→A.
    pub tone_sum: [f64; 2],
    /// Dyad events with a tone, A→B and B→A.
    pub tone_n: [u64; 2],
    /// Events involving A (either side, any partner).
    pub volume_a: u64,
    /// Events involving B.
    pub volume_b: u64,
    /// Events involving A or B.
    pub volume_either: u64,
}

/// One period of a dyad series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DyadPoint {
    /// First day of the period, YYYY-MM-DD.
    pub period: String,
    /// Events A→B.
    pub a_to_b: u64,
    /// Events B→A.
    pub b_to_a: u64,
    /// Verbal cooperation (quad class 1) in the chosen direction(s).
    pub verbal_cooperation: u64,
    /// Material cooperation (2).
    pub material_cooperation: u64,
    /// Verbal conflict (3).
    pub verbal_conflict: u64,
    /// Material conflict (4).
    pub material_conflict: u64,
    /// Events in the chosen direction(s): the sum of the four quad classes.
    pub events: u64,
    /// Mean Goldstein weight, or null without events.
    pub goldstein_mean: Option<f64>,
    /// Summed Goldstein weight.
    pub goldstein_sum: f64,
    /// Mean tone, or null without toned events.
    pub tone_mean: Option<f64>,
    /// Cooperation index: cooperative dyad events per 1,000 events involving either country.
    pub cooperation_index: f64,
    /// Conflict index: conflictual dyad events per 1,000 events involving either country.
    pub conflict_index: f64,
    /// Dyad events (both directions) over all events involving A.
    pub share_of_a: Option<f64>,
    /// Dyad events (both directions) over all events involving B.
    pub share_of_b: Option<f64>,
    /// Events involving A or B.
    pub volume_either: u64,
}

/// Builds the series from daily counts: one point per period from `from` to `to`
/// (inclusive days), periods with no events as zero rows.
pub fn series(
    days: &[DayCounts],
    from: i32,
    to: i32,
    freq: Freq,
    direction: Direction,
) -> Vec<DyadPoint> {
    let mut out = Vec::new();
    let mut start = freq.start(from);
    let mut sorted: Vec<&DayCounts> = days
        .iter()
        .filter(|d| d.day >= from && d.day <= to)
        .collect();
    sorted.sort_by_key(|d| d.day);
    let mut it = sorted.into_iter().peekable();
    while start <= to {
        let end = freq.next(start);
        let mut acc = DayCounts::default();
        while let Some(d) = it.next_if(|d| d.day < end) {
            add(&mut acc, d);
        }
        out.push(point(start, &acc, direction));
        start = end;
    }
    out
}

fn add(acc: &mut DayCounts, d: &DayCounts) {
    for q in 0..4 {
        acc.ab[q] += d.ab[q];
        acc.ba[q] += d.ba[q];
    }
    acc.goldstein_ab += d.goldstein_ab;
    acc.goldstein_ba += d.goldstein_ba;
    for k in 0..2 {
        acc.tone_sum[k] += d.tone_sum[k];
        acc.tone_n[k] += d.tone_n[k];
    }
    acc.volume_a += d.volume_a;
    acc.volume_b += d.volume_b;
    acc.volume_either += d.volume_either;
}

fn point(start: i32, c: &DayCounts, direction: Direction) -> DyadPoint {
    let (use_ab, use_ba) = direction.sides();
    let quad = |q: usize| (if use_ab { c.ab[q] } else { 0 }) + (if use_ba { c.ba[q] } else { 0 });
    let q: [u64; 4] = std::array::from_fn(quad);
    let events: u64 = q.iter().sum();
    let goldstein_sum =
        (if use_ab { c.goldstein_ab } else { 0.0 }) + (if use_ba { c.goldstein_ba } else { 0.0 });
    let (tone_sum, tone_n) = match direction {
        Direction::Both => (c.tone_sum[0] + c.tone_sum[1], c.tone_n[0] + c.tone_n[1]),
        Direction::AB => (c.tone_sum[0], c.tone_n[0]),
        Direction::BA => (c.tone_sum[1], c.tone_n[1]),
    };
    let per_mille = |n: u64| {
        if c.volume_either == 0 {
            0.0
        } else {
            1000.0 * n as f64 / c.volume_either as f64
        }
    };
    let a_to_b: u64 = c.ab.iter().sum();
    let b_to_a: u64 = c.ba.iter().sum();
    let share = |vol: u64| (vol > 0).then(|| (a_to_b + b_to_a) as f64 / vol as f64);
    DyadPoint {
        period: format_iso(start),
        a_to_b,
        b_to_a,
        verbal_cooperation: q[0],
        material_cooperation: q[1],
        verbal_conflict: q[2],
        material_conflict: q[3],
        events,
        goldstein_mean: (events > 0).then(|| goldstein_sum / events as f64),
        goldstein_sum,
        tone_mean: (tone_n > 0).then(|| tone_sum / tone_n as f64),
        cooperation_index: per_mille(q[0] + q[1]),
        conflict_index: per_mille(q[2] + q[3]),
        share_of_a: share(c.volume_a),
        share_of_b: share(c.volume_b),
        volume_either: c.volume_either,
    }
}

/// A one-line chart of values with the eight block characters ▁…█ (empty for no values).
pub fn sparkline(values: &[f64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = values.iter().copied().fold(0.0_f64, f64::max);
    values
        .iter()
        .map(|v| {
            if max <= 0.0 {
                BARS[0]
            } else {
                BARS[((v / max) * 7.0).round().clamp(0.0, 7.0) as usize]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vigil_model::date::parse_iso;

    fn day(s: &str) -> i32 {
        parse_iso(s).unwrap()
    }

    #[test]
    fn periods_start_on_mondays_and_firsts() {
        assert_eq!(
            format_iso(Freq::Week.start(day("2024-06-19"))),
            "2024-06-17"
        );
        assert_eq!(
            format_iso(Freq::Week.start(day("2024-06-17"))),
            "2024-06-17"
        );
        assert_eq!(
            format_iso(Freq::Week.start(day("2024-06-16"))),
            "2024-06-10"
        );
        assert_eq!(
            format_iso(Freq::Month.start(day("2024-02-29"))),
            "2024-02-01"
        );
        assert_eq!(
            format_iso(Freq::Month.next(day("2024-12-01"))),
            "2025-01-01"
        );
    }

    #[test]
    fn empty_periods_are_zero_rows_and_sums_hold() {
        let d = |s: &str, ab: [u64; 4], ba: [u64; 4], vol: u64| DayCounts {
            day: day(s),
            ab,
            ba,
            goldstein_ab: ab[0] as f64 * 3.0,
            goldstein_ba: -(ba[3] as f64) * 10.0,
            volume_a: vol,
            volume_b: vol,
            volume_either: vol,
            ..Default::default()
        };
        let days = vec![
            d("2024-01-15", [2, 1, 0, 0], [0, 0, 0, 1], 100),
            d("2024-03-03", [1, 0, 0, 0], [0, 0, 1, 0], 50),
        ];
        let s = series(
            &days,
            day("2024-01-01"),
            day("2024-03-31"),
            Freq::Month,
            Direction::Both,
        );
        assert_eq!(s.len(), 3);
        assert_eq!(s[1].period, "2024-02-01");
        assert_eq!(
            (s[1].events, s[1].cooperation_index, s[1].goldstein_mean),
            (0, 0.0, None)
        );
        assert_eq!(s[0].events, 4);
        assert_eq!(
            s[0].events,
            s[0].verbal_cooperation
                + s[0].material_cooperation
                + s[0].verbal_conflict
                + s[0].material_conflict
        );
        assert_eq!(s[0].cooperation_index, 30.0);
        assert_eq!(s[0].conflict_index, 10.0);
        assert_eq!(s[0].goldstein_mean, Some((6.0 - 10.0) / 4.0));
        let ab = series(
            &days,
            day("2024-01-01"),
            day("2024-03-31"),
            Freq::Month,
            Direction::AB,
        );
        assert_eq!((ab[0].events, ab[0].conflict_index), (3, 0.0));
    }

    #[test]
    fn the_index_does_not_follow_media_volume() {
        // The same share of attention at ten times the volume gives the same index.
        let mk = |s: &str, k: u64| DayCounts {
            day: day(s),
            ab: [5 * k, 0, 0, 0],
            volume_either: 100 * k,
            ..Default::default()
        };
        let s = series(
            &[mk("2024-01-01", 1), mk("2024-01-08", 10)],
            day("2024-01-01"),
            day("2024-01-14"),
            Freq::Week,
            Direction::Both,
        );
        assert_eq!(s[0].cooperation_index, s[1].cooperation_index);
        assert_eq!(s[1].events, 10 * s[0].events);
    }

    #[test]
    fn sparklines_scale_to_the_maximum() {
        assert_eq!(sparkline(&[0.0, 5.0, 10.0]), "▁▅█");
        assert_eq!(sparkline(&[0.0, 0.0]), "▁▁");
    }
}
