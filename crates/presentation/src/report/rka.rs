//! RKA's similar municipalities ("Liknande kommuner ekonomiskt bistånd", from
//! Kolada's municipality groups) beside the tool's own similar areas: which
//! peers both lists name, and how the area's deviation compares with each
//! set's. The lists are matched by the caller (the engine's
//! `fetch::groups::rka_peers`); this module only shows them.

use std::fmt::Write;

use super::escape_html as esc;
use super::format as f;
use crate::i18n::Catalogue;
use crate::lang::Lang;
use crate::results::ModelResult;

/// One focus area's two peer lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RkaPeers {
    pub area_id: String,
    pub area_name: String,
    /// The Kolada group's title, e.g. "Liknande kommuner ekonomiskt bistånd,
    /// Malmö, 2023".
    pub group_title: String,
    /// RKA's peers (id, name), in the group's order.
    pub rka: Vec<(String, String)>,
    /// The tool's similar areas (ids), nearest first.
    pub own: Vec<String>,
}

impl RkaPeers {
    /// Ids in both lists, in RKA's order.
    pub fn both(&self) -> Vec<&str> {
        self.rka
            .iter()
            .filter(|(i, _)| self.own.contains(i))
            .map(|(i, _)| i.as_str())
            .collect()
    }
}

/// Median of the deviations (% of modelled) of the areas `ids` that are in
/// the result and have one; `None` when none has.
fn median_pct<'a>(r: &ModelResult, ids: impl Iterator<Item = &'a str>) -> Option<(f64, usize)> {
    let mut v: Vec<f64> = ids
        .filter_map(|id| r.areas.iter().find(|a| a.id == id))
        .filter_map(|a| a.deviation_pct)
        .collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let m = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Some((m, n))
}

/// The HTML section (`<section id="rka-peers">`); empty when `sets` is.
pub fn rka_section_html(r: &ModelResult, sets: &[RkaPeers], lang: Lang) -> String {
    if sets.is_empty() {
        return String::new();
    }
    let mut o = String::new();
    let _ = write!(
        o,
        "<section id=\"rka-peers\"><h2>{}</h2><p>{}</p>",
        lang.msg().rka_title,
        lang.msg().rka_intro,
    );
    for s in sets {
        let both = s.both();
        let area_pct = r
            .areas
            .iter()
            .find(|a| a.id == s.area_id)
            .and_then(|a| a.deviation_pct);
        let pct =
            |p: Option<f64>| p.map_or(f::MISSING.to_string(), |p| f::signed_percent(p, 0, lang));
        let rka_med = median_pct(r, s.rka.iter().map(|(i, _)| i.as_str()));
        let own_med = median_pct(r, s.own.iter().map(String::as_str));
        let med = |m: Option<(f64, usize)>| {
            m.map_or(f::MISSING.to_string(), |(m, n)| {
                format!("{} (n = {n})", f::signed_percent(m, 0, lang))
            })
        };
        let _ = write!(
            o,
            "<div class=\"rka\"><h3>{}</h3><p class=\"hint\">{}</p><p>{}</p>",
            esc(&s.area_name),
            esc(&s.group_title),
            esc(&(lang.msg().rka_summary)(
                both.len(),
                s.rka.len(),
                s.own.len(),
                &s.area_name,
                &pct(area_pct),
                &med(rka_med),
                &med(own_med)
            ))
        );
        let _ = write!(
            o,
            "<div class=\"table-wrap\"><table class=\"rka-peers\"><thead><tr><th>{}</th><th>RKA</th><th>{}</th><th class=\"n\">{}</th></tr></thead><tbody>",
            lang.msg().municipality,
            lang.msg().the_tool,
            lang.msg().deviation,
        );
        let mut rows: Vec<(String, String, bool, bool)> = s
            .rka
            .iter()
            .map(|(i, n)| (i.clone(), n.clone(), true, s.own.contains(i)))
            .collect();
        for i in &s.own {
            if !s.rka.iter().any(|(x, _)| x == i) {
                let name = r
                    .areas
                    .iter()
                    .find(|a| &a.id == i)
                    .map_or(i.clone(), |a| a.name.clone());
                rows.push((i.clone(), name, false, true));
            }
        }
        for (id, name, in_rka, in_own) in rows {
            let p = r
                .areas
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.deviation_pct);
            let tick = |b: bool| if b { "✓" } else { "" };
            let _ = write!(
                o,
                "<tr{}><td>{} <small>{}</small></td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                if in_rka && in_own { " class=\"focus\"" } else { "" },
                esc(&name),
                esc(&id),
                tick(in_rka),
                tick(in_own),
                pct(p)
            );
        }
        o.push_str("</tbody></table></div></div>");
    }
    o.push_str("</section>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::synthetic;

    #[test]
    fn both_lists_and_medians() {
        let r = synthetic(12);
        let ids: Vec<String> = r.areas.iter().map(|a| a.id.clone()).collect();
        let s = RkaPeers {
            area_id: ids[0].clone(),
            area_name: "A <b>".into(),
            group_title: "Liknande kommuner ekonomiskt bistånd, A, 2023".into(),
            rka: vec![
                (ids[1].clone(), "one".into()),
                (ids[2].clone(), "two".into()),
                ("9999".into(), "x".into()),
            ],
            own: vec![ids[2].clone(), ids[3].clone()],
        };
        assert_eq!(s.both(), vec![ids[2].as_str()]);
        let h = rka_section_html(&r, std::slice::from_ref(&s), Lang::En);
        assert!(h.contains(&esc(
            "1 of RKA's 3 municipalities are also among the tool's 2 similar areas"
        )));
        assert!(h.contains("A &lt;b&gt;"));
        // Four rows: RKA's three, then the tool's one that RKA lacks.
        assert_eq!(h.matches("<tr").count(), 1 + 4);
        let want = median_pct(&r, [ids[1].as_str(), ids[2].as_str()].into_iter()).unwrap();
        assert_eq!(want.1, 2);
        assert!(rka_section_html(&r, &[], Lang::Sv).is_empty());
    }
}
