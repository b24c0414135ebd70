//! The HTML report in a real browser: headless Chromium renders a sample report
//! to a PNG, which must not be blank, and the page must load nothing from
//! outside the file (checked in the HTML and in Chromium's network log). A
//! second run checks that clicking a header sorts Swedish-formatted numbers
//! by value.
//!
//! Without Chromium the test is skipped with a note, except in CI (env `CI`
//! set), where it fails: `.ci/run` must install Debian's `chromium`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use modellvarde::lang::Lang;
use modellvarde::report::sample::{synthetic, synthetic_year};
use modellvarde::report::{report_html, Figure};
use modellvarde::results::ModelResult;

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Chromium, or `None` after printing why the test is skipped. Panics in CI.
/// Shared with the phone test (`report_phone`).
pub(crate) fn chromium_or_skip() -> Option<PathBuf> {
    match find_chromium() {
        Some(p) => Some(p),
        None if std::env::var_os("CI").is_some() => panic!(
            "chromium not found on PATH: .ci/run must install Debian's `chromium` package for the browser test"
        ),
        None => {
            eprintln!("SKIP browser test: no chromium on PATH (set CHROMIUM=/path/to/chromium to run it)");
            None
        }
    }
}

const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// Run Chromium with the closed-network flags plus `extra`, killing it after a
/// minute; returns stdout.
pub(crate) fn run_chromium(bin: &Path, profile: &Path, extra: &[String]) -> String {
    let mut child = Command::new(bin)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).ok();
        s
    });
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            child.kill().ok();
            child.wait().ok();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

/// A stand-in for the plot module's modelled-vs-actual chart: points, the 45°
/// line and axis labels, drawn as plain SVG.
fn scatter_svg(r: &ModelResult) -> String {
    let (w, h, m) = (760.0, 460.0, 60.0);
    let max = r
        .areas
        .iter()
        .map(|a| a.actual.max(a.modelled))
        .fold(0.0f64, f64::max)
        * 1.05;
    let sx = |v: f64| m + v / max * (w - 2.0 * m);
    let sy = |v: f64| h - m - v / max * (h - 2.0 * m);
    let mut s = format!(
        r##"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"><rect width="{w}" height="{h}" fill="white"/><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#888" stroke-dasharray="6 4"/><line x1="{m}" y1="{}" x2="{}" y2="{}" stroke="black"/><line x1="{m}" y1="{m}" x2="{m}" y2="{}" stroke="black"/><text x="{}" y="{}" font-size="14" text-anchor="middle" font-family="sans-serif">Modellvärde, kr/inv</text><text x="16" y="{}" font-size="14" text-anchor="middle" font-family="sans-serif" transform="rotate(-90 16 {})">Utfall, kr/inv</text>"##,
        sx(0.0),
        sy(0.0),
        sx(max),
        sy(max),
        h - m,
        w - m,
        h - m,
        h - m,
        w / 2.0,
        h - 18.0,
        h / 2.0,
        h / 2.0
    );
    for a in &r.areas {
        let col = match a.group.as_str() {
            "01" => "#1f77b4",
            "12" => "#d62728",
            _ => "#2ca02c",
        };
        s.push_str(&format!(
            r#"<circle cx="{:.1}" cy="{:.1}" r="4" fill="{col}" fill-opacity="0.8"/>"#,
            sx(a.modelled),
            sy(a.actual)
        ));
        if a.flags
            .iter()
            .any(|f| f == "above_interval" || f == "below_interval")
        {
            s.push_str(&format!(
                r#"<text x="{:.1}" y="{:.1}" font-size="11" font-family="sans-serif">{}</text>"#,
                sx(a.modelled) + 6.0,
                sy(a.actual) - 4.0,
                modellvarde::report::escape_html(&a.name)
            ));
        }
    }
    s.push_str("</svg>");
    s
}

fn sample_html(lang: Lang) -> String {
    let r = synthetic(50);
    let years = vec![synthetic_year(50, 2020), synthetic_year(50, 2021)];
    let figs = vec![
        Figure {
            id: "modelled-vs-actual".into(),
            title: "Modellvärde och utfall".into(),
            svg: scatter_svg(&r),
            caption: "Varje punkt är en kommun; streckad linje: utfall = modellvärde.".into(),
        },
        Figure {
            id: "dummy".into(),
            title: "Exempelfigur".into(),
            svg: r##"<svg width="300" height="120" viewBox="0 0 300 120"><rect x="10" y="10" width="120" height="100" fill="#d62728"/><rect x="150" y="40" width="120" height="70" fill="#1f77b4"/></svg>"##.into(),
            caption: String::new(),
        },
    ];
    report_html(&r, &figs, &years, lang)
}

/// Decode a PNG to RGBA rows: (width, height, pixels).
fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let dec = png::Decoder::new(std::fs::File::open(path).expect("screenshot written"));
    let mut reader = dec.read_info().expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let ch = info.color_type.samples();
    let px = buf[..info.buffer_size()]
        .chunks(ch)
        .map(|c| match ch {
            1 | 2 => [c[0], c[0], c[0]],
            _ => [c[0], c[1], c[2]],
        })
        .collect();
    (info.width, info.height, px)
}

/// URLs in Chromium's network log requested by a page. Chromium's own
/// background requests (update and time checks, refused on a closed network)
/// have initiator "not an origin"; a request made by a page carries the
/// page's origin ("null" for a file).
fn requests_from_page(netlog: &Path) -> Vec<String> {
    let log = std::fs::read_to_string(netlog).expect("network log written");
    let log: serde_json::Value = serde_json::from_str(&log).expect("network log is JSON");
    let mut out = Vec::new();
    for e in log["events"].as_array().expect("network log events") {
        let p = &e["params"];
        if let (Some(url), Some(init)) = (p["url"].as_str(), p["initiator"].as_str()) {
            if init != "not an origin" {
                out.push(url.to_string());
            }
        }
    }
    out
}

#[test]
fn report_renders_in_chromium_and_loads_nothing_external() {
    let Some(bin) = chromium_or_skip() else {
        return;
    };
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    for lang in [Lang::Sv, Lang::En] {
        let html = sample_html(lang);
        let lower = html.to_ascii_lowercase();
        for bad in ["http://", "https://", "src=", "url(", "@import", "<link"] {
            assert!(!lower.contains(bad), "external reference {bad}");
        }
        let page = out_dir.join(format!("report-{}.html", lang.code()));
        std::fs::write(&page, &html).unwrap();
        let png_path = out_dir.join(format!("report-{}.png", lang.code()));
        let netlog = out_dir.join(format!("netlog-{}.json", lang.code()));
        let _ = std::fs::remove_file(&png_path);
        let profile = tempfile::tempdir().unwrap();
        run_chromium(
            &bin,
            profile.path(),
            &[
                format!("--screenshot={}", png_path.display()),
                "--window-size=1280,2000".into(),
                format!("--log-net-log={}", netlog.display()),
                format!("file://{}", page.display()),
            ],
        );
        let (w, h, px) = decode_png(&png_path);
        assert_eq!((w, h), (1280, 2000));
        let non_white = px.iter().filter(|p| p.iter().any(|&c| c < 235)).count();
        let mut colours: Vec<[u8; 3]> = px.clone();
        colours.sort_unstable();
        colours.dedup();
        assert!(
            non_white as f64 / px.len() as f64 > 0.03,
            "page looks blank: {non_white} non-white pixels of {}",
            px.len()
        );
        assert!(
            colours.len() > 50,
            "only {} colours: blank or broken page",
            colours.len()
        );
        let page_requests = requests_from_page(&netlog);
        assert!(
            page_requests.is_empty(),
            "the report requested {page_requests:?}"
        );
    }
    // Control: a page that does fetch something shows up in the same check,
    // so the check above can fail.
    let page = out_dir.join("control.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><img src=\"http://127.0.0.1:9/x.png\">",
    )
    .unwrap();
    let netlog = out_dir.join("netlog-control.json");
    let profile = tempfile::tempdir().unwrap();
    run_chromium(
        &bin,
        profile.path(),
        &[
            "--dump-dom".into(),
            format!("--log-net-log={}", netlog.display()),
            format!("file://{}", page.display()),
        ],
    );
    let control = requests_from_page(&netlog);
    assert!(
        control.iter().any(|u| u.contains("127.0.0.1:9/x.png")),
        "the network-log check did not see a request the page made: {control:?}"
    );
}

#[test]
fn clicking_a_header_sorts_swedish_numbers_by_value() {
    let Some(bin) = chromium_or_skip() else {
        return;
    };
    let out_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&out_dir).unwrap();
    // Click "Utfall" (actual) twice: descending. Record the first rows' raw
    // values in the title, which --dump-dom prints.
    let probe = r#"<script>
var t=document.getElementById('ranking-table');var th=t.tHead.rows[0].cells[3];
th.click();th.click();
var v=[];for(var i=0;i<t.tBodies[0].rows.length;i++){v.push(t.tBodies[0].rows[i].cells[3].getAttribute('data-v'));}
document.title='SORTED:'+v.join('|')+':'+th.getAttribute('aria-sort');
</script></body>"#;
    let html = sample_html(Lang::Sv).replace("</body>", probe);
    let page = out_dir.join("report-sort.html");
    std::fs::write(&page, html).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let dom = run_chromium(
        &bin,
        profile.path(),
        &["--dump-dom".into(), format!("file://{}", page.display())],
    );
    let title = &dom[dom.find("<title>SORTED:").expect("probe ran") + 14..];
    let title = &title[..title.find("</title>").unwrap()];
    let (vals, dir) = title.rsplit_once(':').unwrap();
    assert_eq!(dir, "descending");
    let v: Vec<f64> = vals.split('|').map(|s| s.parse().unwrap()).collect();
    assert_eq!(v.len(), 50);
    assert!(
        v.windows(2).all(|w| w[0] >= w[1]),
        "not sorted by value: {v:?}"
    );
    // A text sort of the shown strings would put "999" above "2 556"; by value
    // the largest comes first.
    let max = v.iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!(v[0], max);
}
