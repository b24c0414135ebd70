//! The cross-city views in the committee report: the sections for the
//! external reference model, persistence and change decomposition, and similar
//! areas appear when the result has them and not otherwise, text from data is
//! escaped in them; and through the real binary, `report` fills them from the
//! shipped models (reference model U31004; the synthetic district example,
//! whose planted persistent outlier S04 must show up as persistent).

use std::path::Path;
use std::process::{Command, Output};

use modellvarde::compare::PeerRow;
use modellvarde::crossview::{AreaStatus, CrossCity, PeerSet, Peers, Persistence};
use modellvarde::lang::Lang;
use modellvarde::reference::reference_comparison;
use modellvarde::report::sample::{synthetic, synthetic_year};
use modellvarde::report::{report_html, report_html_with, report_md, Extras};
use modellvarde::results::ModelResult;
use modellvarde::trend::{ChangeRow, Convention, Decomposition, Direction, TrendStatus};

const EVIL: &str = "<script>alert(1)</script>";

fn peer(a: &modellvarde::results::AreaRow, rank: usize) -> PeerRow {
    PeerRow {
        role: if rank == 0 { "area" } else { "peer" }.into(),
        rank,
        id: a.id.clone(),
        name: a.name.clone(),
        group: a.group.clone(),
        distance: rank as f64 * 0.5,
        actual: a.actual,
        modelled: a.modelled,
        deviation: a.residual,
        deviation_pct: a.deviation_pct,
        flags: a.flags.clone(),
    }
}

/// A synthetic result with every cross-city view filled in by hand, one area
/// named like a script, and a reference column.
fn with_views() -> ModelResult {
    let mut r = synthetic(30);
    r.areas[5].name = EVIL.into();
    let evil_id = r.areas[5].id.clone();
    // Reference values: the modelled value itself (same sign of deviation),
    // except for the evil area, whose reference deviation has the opposite sign.
    r.model.reference = Some("U31004".into());
    for (i, a) in r.areas.iter_mut().enumerate() {
        a.reference = Some(if i == 5 {
            a.actual + a.residual
        } else {
            a.modelled
        });
    }
    r.reference_comparison = reference_comparison(&r);
    let status = |a: &modellvarde::results::AreaRow, i: usize| AreaStatus {
        id: a.id.clone(),
        name: a.name.clone(),
        status: match i {
            2 | 5 => TrendStatus::Persistent,
            3 => TrendStatus::Blip,
            _ => TrendStatus::None,
        },
        flagged_in_window: match i {
            2 | 5 => 4,
            3 => 1,
            _ => 0,
        },
        direction: match i {
            2 | 5 => Some(Direction::Above),
            3 => Some(Direction::Below),
            _ => None,
        },
    };
    let rows: Vec<ChangeRow> = r
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| ChangeRow {
            id: a.id.clone(),
            name: a.name.clone(),
            group: a.group.clone(),
            actual_from: a.actual - 100.0,
            actual_to: a.actual,
            change_actual: 100.0,
            change_actual_pct: Some(100.0 * 100.0 / (a.actual - 100.0)),
            structure: 60.0,
            model_change: 10.0 + i as f64,
            deviation_change: 30.0 - i as f64,
            structure_pct: None,
        })
        .collect();
    r.cross_city = Some(CrossCity {
        trend: Some(Persistence {
            years: vec![2018, 2019, 2020, 2021, 2022],
            window: 5,
            min_flagged: 3,
            areas: r
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| status(a, i))
                .collect(),
        }),
        change_decomposition: Some(Decomposition {
            model: r.model.name.clone(),
            from: 2013,
            to: 2022,
            convention: Convention::Own,
            rows,
            unmatched: vec![],
            note: String::new(),
        }),
        peers: Some(Peers {
            focus: "big_cities".into(),
            k: 2,
            covariates: r.model.covariates.clone(),
            areas: vec![PeerSet {
                other_groups: true,
                rows: vec![
                    peer(&r.areas[2], 0),
                    peer(&r.areas[5], 1),
                    peer(&r.areas[7], 2),
                ],
            }],
        }),
        notes: vec![],
    });
    assert_eq!(r.areas[5].id, evil_id);
    r
}

#[test]
fn sections_appear_only_when_they_apply() {
    let plain = synthetic(30);
    let years = vec![synthetic_year(30, 2021)];
    for lang in [Lang::Sv, Lang::En] {
        let html = report_html(&plain, &[], &years, lang);
        for absent in [
            "id=\"peers\"",
            "id=\"reference\"",
            "id=\"decomposition\"",
            "class=\"sortable persistence\"",
            "href=\"#peers\"",
            "href=\"#reference\"",
        ] {
            assert!(
                !html.contains(absent),
                "{absent} without the view ({lang:?})"
            );
        }
        // The deviation-over-years table is still there, without a status column.
        assert!(html.contains("id=\"years\""));
        assert!(!html.contains("class=\"status"));
    }

    let r = with_views();
    let html = report_html(&r, &[], &years, Lang::Sv);
    for present in [
        "href=\"#peers\"",
        "href=\"#reference\"",
        "<section id=\"peers\"",
        "<section id=\"reference\"",
        "id=\"decomposition\"",
        "Jämförelse med referensmodellen U31004",
        "Förändring 2013–2022: struktur, modell och avvikelse",
        "Liknande områden",
        "ihållande, över",
        "enstaka år, under",
        "minst 3 av de senaste 5 åren (2018–2022)",
        "Alla 30 områden",
        "eniga om avvikelsens tecken (över eller under) för 29 områden och oeniga för 1",
    ] {
        assert!(html.contains(present), "missing {present}");
    }
    // Without charts in `extras` the sections stand on their numbers alone.
    assert!(!html.contains("id=\"fig-reference\""));
    assert!(!html.contains("id=\"fig-peers\""));

    let en = report_html(&r, &[], &years, Lang::En);
    for present in [
        "Comparison with the reference model U31004",
        "Change 2013–2022: structure, model and deviation",
        "persistent, above",
        "one-year blip, below",
        "Similar areas",
    ] {
        assert!(en.contains(present), "missing {present} (en)");
    }
}

#[test]
fn charts_are_embedded_when_given_and_sanitised() {
    let r = with_views();
    let svg = |t: &str| {
        format!(
            r#"<svg width="100" height="50" xmlns="http://www.w3.org/2000/svg"><text x="1" y="20">{t}</text></svg>"#
        )
    };
    let extras = Extras {
        reference_svg: Some(svg("ref-chart")),
        decomposition_svg: Some(svg("dec-chart")),
        peers_svgs: vec![
            (r.areas[2].id.clone(), svg("peer-chart")),
            // A chart that would load a script is refused, not embedded.
            (
                "other".into(),
                "<svg><script>alert(2)</script></svg>".into(),
            ),
        ],
    };
    let html = report_html_with(&r, &[], &[], &extras, Lang::Sv);
    for c in ["ref-chart", "dec-chart", "peer-chart"] {
        assert!(html.contains(c), "chart {c} not embedded");
    }
    assert!(html.contains("id=\"fig-reference\""));
    assert!(html.contains("id=\"fig-decomposition\""));
    assert!(html.contains("id=\"fig-peers\""));
    assert!(!html.contains("alert(2)"));
    assert!(!html.contains("xmlns=\"http"), "namespace not stripped");
}

#[test]
fn area_names_are_escaped_in_the_new_sections() {
    let r = with_views();
    let html = report_html(&r, &[], &[synthetic_year(30, 2021)], Lang::Sv);
    assert!(!html.contains(EVIL), "raw script in the HTML");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // Ranking, persistence (years table and full list), decomposition (inline
    // and full), peers table and the disagreement table each show the name.
    let n = html.matches(escaped).count();
    assert!(n >= 7, "escaped name shown only {n} times");
    for id in ["peers", "reference"] {
        let start = html.find(&format!("<section id=\"{id}\"")).unwrap();
        let end = start + html[start..].find("</section>").unwrap();
        assert!(
            html[start..end].contains(escaped),
            "name missing from section {id}"
        );
    }
    let md = report_md(&r, Lang::Sv);
    assert!(!md.contains(EVIL), "raw script in the Markdown");
    assert!(md.contains("## Liknande områden"));
    assert!(md.contains("## Referensmodellen U31004"));
    assert!(md.contains("### Förändring 2013–2022"));
}

#[test]
fn results_json_round_trips_the_views() {
    let r = with_views();
    let json = r.to_json();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cc = &v["cross_city"];
    assert_eq!(cc["trend"]["window"], 5);
    assert_eq!(cc["change_decomposition"]["from"], 2013);
    assert_eq!(cc["peers"]["areas"][0]["rows"].as_array().unwrap().len(), 3);
    let back: ModelResult = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    // Absent views leave no trace in results.json.
    let plain = synthetic(10).to_json();
    assert!(!plain.contains("cross_city"));
}

fn run(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .args(["--out", out.to_str().unwrap(), "--threads", "2"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn report_shows_the_reference_model() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        &["report", "--model", "riket-nettokostnad", "--year", "2022"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let base = dir.path().join("riket-nettokostnad/2022");
    let html = read(&base.join("report.html"));
    assert!(html.contains("<section id=\"reference\""));
    assert!(html.contains("Jämförelse med referensmodellen U31004"));
    assert!(html.contains("id=\"fig-reference\""), "reference chart");
    assert!(html.contains("class=\"sortable disagreements\""));
    let v: serde_json::Value = serde_json::from_str(&read(&base.join("results.json"))).unwrap();
    let cmp = &v["reference_comparison"];
    let n = cmp["n"].as_u64().unwrap();
    let dis = cmp["disagreements"].as_array().unwrap().len() as u64;
    assert_eq!(cmp["n_same_sign"].as_u64().unwrap() + dis, n);
    // The numbers in the text are the ones in results.json.
    assert!(html.contains(&format!(
        "eniga om avvikelsens tecken (över eller under) för {} områden och oeniga för {dis}",
        n - dis
    )));
    // One year only: the earlier years are fitted as context, so the
    // persistence and the decomposition from the first year are there too.
    let cc = &v["cross_city"];
    assert!(cc["trend"].is_object() && cc["change_decomposition"].is_object());
    let focus: Vec<&str> = cc["peers"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["rows"][0]["id"].as_str().unwrap())
        .collect();
    assert_eq!(focus, ["0180", "1480", "1280"]);
    for s in cc["peers"]["areas"].as_array().unwrap() {
        let own = s["rows"][0]["group"].as_str().unwrap();
        assert!(s["rows"].as_array().unwrap()[1..]
            .iter()
            .all(|p| p["group"].as_str().unwrap() != own));
    }
    assert!(base.join("plots/reference.svg").is_file());
    assert!(base.join("plots/peers-1280.svg").is_file());
}

#[test]
fn report_shows_persistence_and_decomposition_for_districts() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["report", "--model", "stadsdelar-exempel"], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let base = dir.path().join("stadsdelar-exempel/2022");
    let v: serde_json::Value = serde_json::from_str(&read(&base.join("results.json"))).unwrap();
    let cc = &v["cross_city"];
    // S04 is below its interval in every year of the synthetic example.
    let s04 = cc["trend"]["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "S04")
        .expect("S04 in the persistence table");
    assert_eq!(s04["status"], "persistent");
    assert_eq!(s04["direction"], "below");
    assert_eq!(s04["flagged_in_window"], 5);
    // The decomposition of S04 from 2013 to 2022 adds up exactly.
    let d = &cc["change_decomposition"];
    assert_eq!(
        (d["from"].as_i64(), d["to"].as_i64()),
        (Some(2013), Some(2022))
    );
    let row = d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "S04")
        .expect("S04 decomposed");
    let f = |k: &str| row[k].as_f64().unwrap();
    let sum = f("structure") + f("model_change") + f("deviation_change");
    assert!(
        (sum - f("change_actual")).abs() < 1e-6 * f("change_actual").abs().max(1.0),
        "{sum} vs {}",
        f("change_actual")
    );
    // The same numbers in the report: status in the years table, a row in
    // the decomposition table.
    let html = read(&base.join("report.html"));
    let s04_row = |table: &str| {
        let start = html.find(table).unwrap_or_else(|| panic!("{table}"));
        let t = &html[start..start + html[start..].find("</table>").unwrap()];
        t.split("<tr")
            .find(|r| r.contains("<small>S04</small>"))
            .map(str::to_string)
    };
    let years = s04_row("class=\"sortable years\"").expect("S04 in the years table");
    assert!(years.contains("ihållande, under"), "{years}");
    let dec = s04_row("class=\"sortable decomposition\"").expect("S04 in the decomposition");
    let structure = modellvarde::report::format::signed(f("structure"), 0, Lang::Sv);
    assert!(dec.contains(&structure), "{dec} lacks {structure}");
    assert!(html.contains("id=\"fig-decomposition\""));
    // An earlier year looks only at the years up to it.
    let v2015: serde_json::Value = serde_json::from_str(&read(
        &dir.path().join("stadsdelar-exempel/2015/results.json"),
    ))
    .unwrap();
    assert_eq!(
        v2015["cross_city"]["trend"]["years"],
        serde_json::json!([2013, 2014, 2015])
    );
    assert_eq!(v2015["cross_city"]["change_decomposition"]["to"], 2015);
    let first: serde_json::Value = serde_json::from_str(&read(
        &dir.path().join("stadsdelar-exempel/2013/results.json"),
    ))
    .unwrap();
    assert!(first["cross_city"]["change_decomposition"].is_null());
    assert!(first["cross_city"]["trend"].is_null());
    // Markdown, briefly.
    let md = read(&base.join("report.md"));
    assert!(md.contains("Ihållande avvikare"));
    assert!(md.contains("Stockholm S04"));
}

#[test]
fn bootstrap_rank_intervals_appear_in_summary_and_ranking() {
    use modellvarde::results::{AreaUncertainty, Uncertainty};
    let mut r = synthetic(30);
    let plain = report_html(&r, &[], &[], Lang::Sv);
    assert!(!plain.contains("Rang\u{AD}intervall"));
    let order = modellvarde::report::ranking_order(&r);
    r.uncertainty = Some(Uncertainty {
        method: "pairs".into(),
        b: 200,
        level: 0.95,
        rank_by: "deviation".into(),
        areas: order
            .iter()
            .enumerate()
            .map(|(k, &i)| AreaUncertainty {
                id: r.areas[i].id.clone(),
                rank: k + 1,
                rank_low: (k + 1).saturating_sub(1).max(1),
                rank_high: k + 3,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    });
    let malmo_rank = order.iter().position(|&i| r.areas[i].id == "1280").unwrap() + 1;
    let (lo, hi) = ((malmo_rank - 1).max(1), malmo_rank + 2);
    let nb = '\u{a0}';
    let html = report_html(&r, &[], &[], Lang::Sv);
    assert!(
        html.contains(&format!("rang {malmo_rank}, 95{nb}% intervall {lo}–{hi}")),
        "Malmö card lacks its rank interval"
    );
    assert!(html.contains("Rang\u{AD}intervall 95"));
    assert!(html.contains(&format!(">{malmo_rank} ({lo}–{hi})</td>")));
    let md = report_md(&r, Lang::En);
    assert!(md.contains(&format!("rank {malmo_rank}, 95% interval {lo}–{hi}")));
}
