//! The committee-facing report through the real binary: the deviation map in
//! report.html (one path per municipality, with its id and the colour class of
//! its deviation in results.json), in report.md and in the index; a district
//! map from a spec's `boundaries`; an index that covers every result in the
//! output folder; a single-year run that keeps the other years; and the A4
//! printout without a page that holds only a heading (Chromium's
//! print-to-PDF, read back page by page with poppler's `pdftotext`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::util::all_files;
use modellvarde::lang::Lang;
use modellvarde::plot::geo::Boundaries;
use modellvarde::plot::map::{class_of, default_breaks, deviation_input};
use modellvarde::results::ModelResult;

const BIN: &str = env!("CARGO_BIN_EXE_modellvarde");

/// A deterministic data file over the given area ids: 2 years, an outcome
/// that depends on two covariates plus fixed "noise", and one area planted
/// far above its modelled value so that it is flagged.
fn data_csv(ids: &[(String, String)]) -> String {
    let mut s = String::from("id,name,group,year,cost,unemp,young,pop\n");
    for year in [2021, 2022] {
        for (i, (id, name)) in ids.iter().enumerate() {
            let unemp = 2.0 + (i % 7) as f64 * 0.9 + (year - 2021) as f64 * 0.3;
            let young = 20.0 + ((i * 5) % 11) as f64;
            let noise = (((i * 37 + year as usize) % 13) as f64 - 6.0) * 25.0;
            let planted = if i == 3 { 1500.0 } else { 0.0 };
            let cost = 300.0 + 180.0 * unemp + 12.0 * young + noise + planted;
            let pop = 1000.0 + 500.0 * i as f64;
            let name = name.replace(',', " ");
            s.push_str(&format!(
                "{id},{name},A,{year},{cost},{unemp},{young},{pop}\n"
            ));
        }
    }
    s
}

fn spec(extra: &str) -> String {
    format!(
        r#"
name = "small"
title = "Small test model"
outcome = "cost"
covariates = ["unemp", "young"]
weight = "pop"
units = {{ cost = "kr/inv" }}
{extra}
[sample]
years = {{ from = 2021, to = 2022 }}
"#
    )
}

fn workdir(ids: &[(String, String)], extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("data.csv"), data_csv(ids)).unwrap();
    fs::write(dir.path().join("small.toml"), spec(extra)).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn report(dir: &Path, extra: &[&str]) -> Output {
    report_to(dir, "out", extra)
}

/// `report` of small.toml on data.csv into `dir/out`.
fn report_to(dir: &Path, out: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "report",
        "--data",
        "data.csv",
        "--model",
        "small.toml",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    run(dir, &args)
}

/// The first 40 municipalities of the embedded boundaries (all counties'
/// codes sort first by county), as (id, name).
fn kommun_ids() -> Vec<(String, String)> {
    Boundaries::municipalities()
        .unwrap()
        .shapes
        .iter()
        .take(40)
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect()
}

fn read_result(p: &Path) -> ModelResult {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

/// (area id, class attribute) of every `<path id="area-…">` in `html`.
fn area_paths(html: &str) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<path id=\"area-") {
        rest = &rest[i..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..end];
        let attr = |k: &str| {
            let at = tag.find(&format!(" {k}=\"")).unwrap() + k.len() + 3;
            tag[at..at + tag[at..].find('"').unwrap()].to_string()
        };
        // `id` is the area id made safe for an XML id; `data-id` is exact.
        let id = attr("data-id");
        assert!(attr("id").starts_with("area-"), "{tag}");
        v.push((id, attr("class")));
        rest = &rest[end..];
    }
    v
}

#[test]
fn report_html_md_and_index_show_the_municipality_map_with_each_areas_class() {
    let ids = kommun_ids();
    let dir = workdir(&ids, "");
    let o = report(dir.path(), &["--year", "2022"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let folder = dir.path().join("out/small/2022");
    let html = fs::read_to_string(folder.join("report.html")).unwrap();
    let r = read_result(&folder.join("results.json"));

    let paths = area_paths(&html);
    let all = Boundaries::municipalities().unwrap();
    assert_eq!(paths.len(), all.shapes.len(), "one path per municipality");
    assert_eq!(all.shapes.len(), 290);
    let mut seen: Vec<&str> = paths.iter().map(|(id, _)| id.as_str()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), 290, "each municipality once");

    // The class of each area in the sample, from its deviation in
    // results.json and the map's class boundaries.
    let input = deviation_input(&r, Lang::Sv);
    let breaks = default_breaks(&input.areas, input.style);
    let mut checked = 0;
    for a in &r.areas {
        let (_, class) = paths.iter().find(|(id, _)| id == &a.id).unwrap();
        let want = match a.deviation_pct {
            Some(v) => format!("c{}", class_of(v, &breaks)),
            None => "na".to_string(),
        };
        let classes: Vec<&str> = class.split(' ').collect();
        assert!(
            classes.contains(&want.as_str()),
            "{}: {class} vs {want}",
            a.id
        );
        let outside = a
            .flags
            .iter()
            .any(|f| f == "above_interval" || f == "below_interval");
        assert_eq!(classes.contains(&"outside"), outside, "{}: {class}", a.id);
        checked += 1;
    }
    assert_eq!(checked, ids.len());
    // Municipalities not in the data are grey.
    let (_, far) = paths.iter().find(|(id, _)| id == "2584").unwrap();
    assert!(far.split(' ').any(|c| c == "na"), "{far}");
    // The planted area is outside its interval and coloured at the top.
    let planted = &ids[3].0;
    let (_, c) = paths.iter().find(|(id, _)| id == planted).unwrap();
    assert!(c.contains("c6") && c.contains("outside"), "{c}");

    // Hover: every area's point in the modelled-vs-actual chart and its bar
    // in the ranking chart carry its name and values as an SVG <title>.
    for (fig, mark) in [
        ("fig-modelled-vs-actual", "<circle "),
        ("fig-deviation-ranking", "<rect "),
    ] {
        let at = html.find(&format!("id=\"{fig}\"")).unwrap();
        let body = &html[at..at + html[at..].find("</figure>").unwrap()];
        for a in &r.areas {
            let title = format!("<title>{} ({}): utfall ", a.name, a.id);
            let i = body
                .find(&title)
                .unwrap_or_else(|| panic!("{fig}: no tooltip for {}", a.id));
            // The tag just before the title is the (open) mark.
            let tag = &body[body[..i].rfind('<').unwrap()..i];
            assert!(
                tag.starts_with(mark) && !tag.contains("/>"),
                "{fig}: the title of {} is not inside its mark",
                a.id
            );
        }
    }

    // report.md shows the PNG, which is there; the index shows the map.
    let md = fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(md.contains("](plots/map.png)"), "{md}");
    let png = fs::read(folder.join("plots/map.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let index = fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(
        index.contains("src=\"small/2022/plots/map.svg\""),
        "{index}"
    );
}

#[test]
fn a_district_spec_with_boundaries_draws_its_districts() {
    let geo =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/boundaries/stockholm-stadsdelar.geojson");
    let b = Boundaries::load(&geo, "name").unwrap();
    let ids: Vec<(String, String)> = b
        .shapes
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    assert!(ids.len() >= 10);
    let extra = format!(
        "boundaries = {{ file = {:?}, id = \"name\" }}",
        geo.display().to_string()
    );
    let dir = workdir(&ids, &extra);
    let o = report(dir.path(), &["--year", "2022"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(dir.path().join("out/small/2022/report.html")).unwrap();
    let paths = area_paths(&html);
    assert_eq!(paths.len(), ids.len());
    for (id, _) in &ids {
        assert!(paths.iter().any(|(p, _)| p == id), "{id}");
    }
    // No municipality map on a district report.
    assert!(!html.contains("area-0180"));
}

#[test]
fn the_index_covers_every_result_and_a_single_year_run_keeps_the_other_years() {
    let ids = kommun_ids();
    let dir = workdir(&ids, "");
    assert!(report(dir.path(), &["--year", "2021"]).status.success());
    let o = report(dir.path(), &["--year", "2022"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("small/2021/report.html"), "{index}");
    assert!(index.contains("small/2022/report.html"), "{index}");
    // Only the 2022 row is marked as written by this run.
    let row = |y: &str| {
        let i = index.find(&format!("<td>{y}")).unwrap();
        index[i..i + index[i..].find("</tr>").unwrap()].to_string()
    };
    assert!(row("2022").contains("class=\"new\""), "{}", row("2022"));
    assert!(!row("2021").contains("class=\"new\""), "{}", row("2021"));
    let md = fs::read_to_string(dir.path().join("out/index.md")).unwrap();
    assert!(md.contains("small/2021/report.html") && md.contains("small/2022/report.html"));

    // The 2022 page, written alone, still shows the years together.
    let page = fs::read_to_string(dir.path().join("out/small/2022/report.html")).unwrap();
    assert!(page.contains("id=\"fig-deviation-over-years\""));
    assert!(dir
        .path()
        .join("out/small/2022/plots/deviation-over-years.svg")
        .is_file());

    // A typo year fails, and the index keeps every report.
    let o = report(dir.path(), &["--year", "2030"]);
    assert!(!o.status.success());
    let index = fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(index.contains("small/2021/report.html") && index.contains("small/2022/report.html"));
    assert!(index.contains("2030"), "the failure is listed");
}

fn find_tool(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium and pdftotext, or `None` after saying why the test is skipped
/// (in CI, env `CI` set, a missing tool fails the test: `.ci/run` installs
/// both).
fn print_tools() -> Option<(PathBuf, PathBuf)> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| find_tool(&["chromium", "chromium-browser", "google-chrome"]));
    let pdftotext = find_tool(&["pdftotext"]);
    match (chromium, pdftotext) {
        (Some(c), Some(p)) => Some((c, p)),
        _ if std::env::var_os("CI").is_some() => {
            panic!("chromium and pdftotext (poppler-utils) are needed for the print test")
        }
        _ => {
            eprintln!("SKIP print test: needs chromium and pdftotext on PATH");
            None
        }
    }
}

/// Print `html` to PDF with headless Chromium (no header or footer) and
/// return the text of each page.
fn print_pages(chromium: &Path, pdftotext: &Path, html: &Path) -> Vec<String> {
    let pdf = html.with_extension("pdf");
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let txt = Command::new(pdftotext)
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(txt.status.success());
    // pdftotext ends each page with a form feed.
    let all = String::from_utf8_lossy(&txt.stdout).into_owned();
    let mut pages: Vec<String> = all.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// The text of every `<h2>` and `<h3>` of a page.
fn headings(html: &str) -> Vec<String> {
    let mut v = Vec::new();
    for tag in ["h2", "h3"] {
        let mut rest = html;
        let open = format!("<{tag}");
        while let Some(i) = rest.find(&open) {
            rest = &rest[i..];
            let start = rest.find('>').unwrap() + 1;
            let end = rest.find(&format!("</{tag}>")).unwrap();
            let mut text = String::new();
            let mut in_tag = false;
            for c in rest[start..end].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            v.push(
                text.replace("&amp;", "&")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            rest = &rest[end..];
        }
    }
    v
}

/// A page holds only headings when every non-empty line of its text is (part
/// of) a heading.
fn heading_only(page: &str, heads: &[String]) -> bool {
    let lines: Vec<String> = page
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    !lines.is_empty()
        && lines
            .iter()
            .all(|l| heads.iter().any(|h| h.contains(l.as_str())))
}

#[test]
fn heading_only_detects_an_orphaned_heading() {
    let heads = vec!["Figur 2. Avvikelse per område".to_string()];
    assert!(heading_only(
        "\n  Figur 2. Avvikelse per område \n\n",
        &heads
    ));
    assert!(!heading_only(
        "Figur 2. Avvikelse per område\nMalmö 12 %\n",
        &heads
    ));
}

#[test]
fn printed_report_has_no_page_holding_only_a_heading() {
    let Some((chromium, pdftotext)) = print_tools() else {
        return;
    };
    let ids = kommun_ids();
    let dir = workdir(&ids, "");
    let o = report(dir.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html_path = dir.path().join("out/small/2022/report.html");
    let html = fs::read_to_string(&html_path).unwrap();
    let heads = headings(&html);
    assert!(heads.iter().any(|h| h.contains("Karta")), "{heads:?}");
    let pages = print_pages(&chromium, &pdftotext, &html_path);
    assert!(pages.len() > 2, "{} pages", pages.len());
    for (k, p) in pages.iter().enumerate() {
        assert!(
            !heading_only(p, &heads),
            "page {} of {} holds only a heading: {p:?}",
            k + 1,
            pages.len()
        );
        assert!(!p.trim().is_empty(), "page {} is empty", k + 1);
    }
}

#[test]
fn brief_version_has_headline_cities_map_and_method_and_prints_on_two_pages_at_most() {
    let ids = kommun_ids();
    let dir = workdir(&ids, "");
    let o = report(dir.path(), &["--year", "2022"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let path = dir.path().join("out/small/2022/brief.html");
    let brief = fs::read_to_string(&path).unwrap();
    let r = read_result(&dir.path().join("out/small/2022/results.json"));
    // The headline in words, Stockholm (0180 is in the data) as a card, the
    // map with every municipality, the method in five sentences.
    assert!(brief.contains("Modellen förklarar"), "{brief}");
    let sthlm = r.areas.iter().find(|a| a.id == "0180").unwrap();
    assert!(brief.contains(&format!("<b>{}</b>", sthlm.name)));
    assert_eq!(area_paths(&brief).len(), 290);
    let m = &brief[brief.find("<ol class=\"method\">").unwrap()..];
    assert_eq!(m[..m.find("</ol>").unwrap()].matches("<li>").count(), 5);
    assert!(brief.contains("href=\"report.html\""));

    let Some((chromium, pdftotext)) = print_tools() else {
        return;
    };
    let pages = print_pages(&chromium, &pdftotext, &path);
    assert!(
        (1..=2).contains(&pages.len()),
        "{} pages: {pages:?}",
        pages.len()
    );
}

#[test]
fn groups_file_shows_rka_peers_beside_the_tools_own() {
    let ids = kommun_ids();
    let dir = workdir(&ids, "");
    // First run without groups: the tool's own peers of Stockholm.
    let o = report(dir.path(), &["--year", "2022"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = read_result(&dir.path().join("out/small/2022/results.json"));
    let html = fs::read_to_string(dir.path().join("out/small/2022/report.html")).unwrap();
    assert!(
        !html.contains("id=\"rka-peers\""),
        "no groups, no RKA section"
    );
    let peers = r.cross_city.as_ref().unwrap().peers.as_ref().unwrap();
    let set = peers
        .areas
        .iter()
        .find(|s| s.rows.iter().any(|p| p.rank == 0 && p.id == "0180"))
        .expect("Stockholm is a focus area");
    let own: Vec<&str> = set
        .rows
        .iter()
        .filter(|p| p.rank > 0)
        .map(|p| p.id.as_str())
        .collect();
    // RKA's group: two of the tool's peers, one other area of the data, one
    // municipality outside it; an older group for the same city is ignored.
    let other = ids
        .iter()
        .map(|(i, _)| i.as_str())
        .find(|i| *i != "0180" && !own.contains(i))
        .unwrap();
    let mut csv = String::from("group_id,group_title,member_id,member_title\n");
    for m in [own[0], own[1], other, "2584"] {
        csv.push_str(&format!(
            "G1,\"Liknande kommuner ekonomiskt bistånd, Stockholm, 2023\",{m},Name {m}\n"
        ));
    }
    csv.push_str("G0,\"Liknande kommuner ekonomiskt bistånd, Stockholm, 2019\",1480,Göteborg\n");
    fs::write(dir.path().join("groups.csv"), csv).unwrap();
    let o = report(dir.path(), &["--year", "2022", "--groups", "groups.csv"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = fs::read_to_string(dir.path().join("out/small/2022/report.html")).unwrap();
    let at = html
        .find("<section id=\"rka-peers\">")
        .expect("RKA section");
    let sec = &html[at..at + html[at..].find("</section>").unwrap()];
    assert!(sec.contains("Liknande kommuner ekonomiskt bistånd, Stockholm, 2023"));
    assert!(!sec.contains("Göteborg"), "the older group is not used");
    assert!(
        sec.contains(&format!(
            "2 av RKA:s 4 kommuner finns också bland verktygets {} liknande områden",
            own.len()
        )),
        "{sec}"
    );
    // Rows in both lists are marked, and every area of either list has a row.
    assert_eq!(sec.matches("<tr class=\"focus\">").count(), 2);
    assert_eq!(sec.matches("<tr").count(), 1 + 4 + (own.len() - 2));
    // A groups file that is not one fails clearly.
    fs::write(dir.path().join("bad.csv"), "a,b\n1,2\n").unwrap();
    let o = report(dir.path(), &["--year", "2022", "--groups", "bad.csv"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("bad.csv"));
}

/// Relative file links of a page (Markdown `](…)`, HTML `src="…"` and
/// `href="…"`): no fragments, no URLs.
fn file_links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (open, close) in [("](", ')'), ("src=\"", '"'), ("href=\"", '"')] {
        let mut rest = text;
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            let Some(end) = rest.find(close) else { break };
            let link = &rest[..end];
            if !link.is_empty()
                && !link.starts_with('#')
                && !link.contains(':')
                && !link.starts_with("data")
            {
                out.push(link.to_string());
            }
        }
    }
    out
}

#[test]
fn every_linked_file_is_written_and_chart_pngs_only_with_the_png_flag() {
    let dir = workdir(&kommun_ids(), "");
    let out = report(dir.path(), &[]);
    assert!(out.status.success(), "{out:?}");
    let root = dir.path().join("out");
    let files = all_files(&root);
    let mut links = 0;
    for f in &files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "md" || ext == "html" {
            let text = fs::read_to_string(f).unwrap();
            for l in file_links(&text) {
                let target = f.parent().unwrap().join(&l);
                assert!(target.is_file(), "{}: {l} is not there", f.display());
                links += 1;
            }
        }
        if ext == "xlsx" {
            // The workbook holds no images (it would need the PNGs).
            let bytes = fs::read(f).unwrap();
            assert!(
                !bytes.windows(9).any(|w| w == b"xl/media/"),
                "{}",
                f.display()
            );
        }
    }
    // report.md links the map, the index each report and map.
    assert!(links >= 6, "{links}");
    // The only PNG of a folder is the map report.md shows; every chart is an
    // SVG (inlined in report.html).
    let pngs: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "png"))
        .collect();
    assert_eq!(pngs.len(), 2, "{pngs:?}");
    assert!(
        pngs.iter().all(|p| p.ends_with("plots/map.png")),
        "{pngs:?}"
    );
    let folder = root.join("small/2022");
    assert!(folder.join("plots/modelled-vs-actual.svg").is_file());

    // With --png every chart's SVG has its PNG beside it.
    let out = report_to(dir.path(), "out-png", &["--png"]);
    assert!(out.status.success(), "{out:?}");
    let plots = dir.path().join("out-png/small/2022/plots");
    let mut charts = 0;
    for f in all_files(&plots) {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".svg") else {
            continue;
        };
        // The cross-city charts are SVG only.
        if stem.starts_with("peers-") || stem == "reference" || stem == "decomposition" {
            continue;
        }
        let png = fs::read(plots.join(format!("{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}");
        charts += 1;
    }
    assert!(charts >= 7, "{charts}");
}
