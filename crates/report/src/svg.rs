//! SVG charts.

use std::fmt::Write;

use vigil_analytics::blocs::Partition;
use vigil_analytics::dyad::DyadPoint;

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

const PALETTE: [&str; 10] = [
    "#1b6ca8", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d5a97", "#2e4057", "#e07a5f",
    "#3d405b", "#81b29a",
];

/// A line chart of a dyad's cooperation and conflict indices over time: change points as
/// dashed vertical lines (labelled with their period), anomalous periods as shaded bands.
pub fn dyad_chart(
    title: &str,
    points: &[DyadPoint],
    change_points: &[(usize, &str)],
    anomalies: &[usize],
) -> String {
    let (w, h) = (960.0, 440.0);
    let (left, right, top, bottom) = (70.0, 20.0, 50.0, 70.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let n = points.len().max(1);
    let max = points
        .iter()
        .flat_map(|p| [p.cooperation_index, p.conflict_index])
        .fold(0.0_f64, f64::max);
    let ymax = nice_ceiling(max.max(1.0));
    let x = |i: usize| {
        left + if n == 1 {
            pw / 2.0
        } else {
            pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| top + ph - ph * v / ymax;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif"><rect width="100%" height="100%" fill="#ffffff"/><text x="{left}" y="28" font-size="18" font-weight="bold" fill="#222">{}</text>"##,
        escape(title)
    );
    let band = if n > 1 { pw / (n - 1) as f64 } else { pw };
    for &i in anomalies {
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{top}" width="{:.1}" height="{ph}" fill="#f4a261" opacity="0.25"/>"##,
            x(i) - band / 2.0,
            band
        );
    }
    for k in 0..=4 {
        let v = ymax * k as f64 / 4.0;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#555">{}</text>"##,
            left + pw,
            y(v),
            y(v),
            left - 8.0,
            y(v) + 4.0,
            format_value(v)
        );
    }
    let step = (n / 8).max(1);
    for i in (0..n).step_by(step) {
        if let Some(p) = points.get(i) {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="#555">{}</text>"##,
                x(i),
                top + ph + 20.0,
                escape(&p.period)
            );
        }
    }
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{left}" y1="{top}" y2="{:.1}" stroke="#888"/><line x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#888"/>"##,
        top + ph,
        left + pw,
        top + ph,
        top + ph
    );
    let _ = write!(
        s,
        r##"<text transform="translate(18 {:.1}) rotate(-90)" font-size="12" text-anchor="middle" fill="#555">events per 1,000 involving either country</text>"##,
        top + ph / 2.0
    );
    for (k, (i, label)) in change_points.iter().enumerate() {
        // Labels in the right part of the plot are written leftwards so they stay inside.
        let (tx, anchor) = if x(*i) > left + 0.7 * pw {
            (x(*i) - 4.0, "end")
        } else {
            (x(*i) + 4.0, "start")
        };
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{1:.1}" stroke="#6a4c93" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{2:.1}" y="{3:.1}" font-size="11" text-anchor="{anchor}" fill="#6a4c93">{4}</text>"##,
            x(*i),
            top + ph,
            tx,
            top + 12.0 + 13.0 * (k % 3) as f64,
            escape(label)
        );
    }
    for (name, color, get) in [
        (
            "cooperation index",
            "#2a9d8f",
            (|p: &DyadPoint| p.cooperation_index) as fn(&DyadPoint) -> f64,
        ),
        ("conflict index", "#e63946", |p: &DyadPoint| {
            p.conflict_index
        }),
    ] {
        let path: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(get(p))))
            .collect();
        let _ = write!(
            s,
            r##"<polyline fill="none" stroke="{color}" stroke-width="2" points="{}"/>"##,
            path.join(" ")
        );
        let _ = name;
    }
    let ly = h - 22.0;
    let _ = write!(
        s,
        r##"<line x1="{left}" x2="{:.1}" y1="{ly}" y2="{ly}" stroke="#2a9d8f" stroke-width="3"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">cooperation index</text><line x1="{:.1}" x2="{:.1}" y1="{ly}" y2="{ly}" stroke="#e63946" stroke-width="3"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">conflict index</text><line x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#6a4c93" stroke-dasharray="6 4" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">change point</text><rect x="{:.1}" y="{:.1}" width="18" height="12" fill="#f4a261" opacity="0.4"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#333">anomalous period</text></svg>"##,
        left + 24.0,
        left + 30.0,
        ly + 4.0,
        left + 170.0,
        left + 194.0,
        left + 200.0,
        ly + 4.0,
        left + 310.0,
        left + 310.0,
        ly - 8.0,
        ly + 8.0,
        left + 318.0,
        ly + 4.0,
        left + 420.0,
        ly - 6.0,
        left + 444.0,
        ly + 4.0
    );
    s
}

/// A node-link picture of blocs: each bloc on its own circle, blocs arranged around the
/// centre, ties drawn with width by weight, nodes coloured by bloc.
pub fn bloc_chart(title: &str, p: &Partition) -> String {
    let (w, h) = (900.0, 700.0);
    let (cx, cy) = (w / 2.0, h / 2.0 + 15.0);
    let k = p.blocs.len().max(1) as f64;
    let mut pos: std::collections::BTreeMap<&str, (f64, f64, usize)> =
        std::collections::BTreeMap::new();
    for (bi, bloc) in p.blocs.iter().enumerate() {
        let (bx, by) = if p.blocs.len() == 1 {
            (cx, cy)
        } else {
            let a = std::f64::consts::TAU * bi as f64 / k;
            (cx + 220.0 * a.cos(), cy + 220.0 * a.sin())
        };
        let r = 25.0 + 12.0 * (bloc.members.len() as f64).sqrt() * 2.0;
        for (mi, m) in bloc.members.iter().enumerate() {
            let a = std::f64::consts::TAU * mi as f64 / bloc.members.len().max(1) as f64;
            let (x, y) = if bloc.members.len() == 1 {
                (bx, by)
            } else {
                (bx + r * a.cos(), by + r * a.sin())
            };
            pos.insert(m.as_str(), (x, y, bi));
        }
    }
    let maxw = p
        .blocs
        .iter()
        .flat_map(|b| b.strongest_ties.iter().map(|t| t.2))
        .fold(1.0_f64, f64::max);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif"><rect width="100%" height="100%" fill="#ffffff"/><text x="20" y="30" font-size="18" font-weight="bold" fill="#222">{}</text><text x="20" y="50" font-size="12" fill="#555">{} blocs, modularity {:.3}; lines: strongest ties inside each bloc, width by net cooperation</text>"##,
        escape(title),
        p.blocs.len(),
        p.modularity
    );
    for bloc in &p.blocs {
        for (a, b, wt) in &bloc.strongest_ties {
            if let (Some(pa), Some(pb)) = (pos.get(a.as_str()), pos.get(b.as_str())) {
                let _ = write!(
                    s,
                    r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#999" stroke-width="{:.1}" opacity="0.8"/>"##,
                    pa.0,
                    pa.1,
                    pb.0,
                    pb.1,
                    1.0 + 5.0 * wt / maxw
                );
            }
        }
    }
    for (name, (x, y, bi)) in &pos {
        let color = PALETTE[bi % PALETTE.len()];
        let _ = write!(
            s,
            r##"<circle cx="{x:.1}" cy="{y:.1}" r="16" fill="{color}" stroke="#fff" stroke-width="2"/><text x="{x:.1}" y="{:.1}" font-size="10" font-weight="bold" text-anchor="middle" fill="#fff">{}</text>"##,
            y + 3.5,
            escape(name)
        );
    }
    s.push_str("</svg>");
    s
}

fn nice_ceiling(v: f64) -> f64 {
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * mag {
            return m * mag;
        }
    }
    10.0 * mag
}

fn format_value(v: f64) -> String {
    if v >= 100.0 || v == v.trunc() {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_is_escaped() {
        assert_eq!(escape("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        let p = Partition {
            blocs: vec![],
            modularity: 0.0,
        };
        assert!(bloc_chart("<b>x</b>", &p).contains("&lt;b&gt;x&lt;/b&gt;"));
    }

    #[test]
    fn nice_axis_ceilings() {
        assert_eq!(nice_ceiling(7.3), 10.0);
        assert_eq!(nice_ceiling(180.0), 200.0);
        assert_eq!(nice_ceiling(1000.0), 1000.0);
    }
}
