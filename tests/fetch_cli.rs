//! `modellvarde fetch` through the real binary against an in-process HTTP
//! server on 127.0.0.1 that serves reconstructed Kolada v3 and PxWeb answers
//! (see tests/fixtures/kolada-v3/README.md). No test touches the network.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// 2026-12-01 00:00 UTC: the fetch date every test run records.
const EPOCH: &str = "1796083200";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures").join(name)).unwrap()
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Req {
    method: String,
    target: String,
    body: Vec<u8>,
}

/// What the server answers.
enum Reply {
    Json(u16, String),
    /// Status, extra header, body.
    With(u16, &'static str, String),
    Html(String),
    /// Announce the full length, send half, close.
    Truncated(String),
    /// Wait, then answer (the client has given up by then).
    Slow(Duration, String),
}

type Handler = Arc<dyn Fn(&Req, usize, &str) -> Reply + Send + Sync>;

struct Server {
    base: String,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    fn hits(&self, needle: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.target.contains(needle))
            .count()
    }
    fn targets(&self) -> Vec<String> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.target.clone())
            .collect()
    }
}

/// Start a server; the handler gets the request, how many times this exact
/// target was asked for (1 = first), and the server's base URL.
fn serve(handler: Handler) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log: Arc<Mutex<Vec<Req>>> = Arc::default();
    let counts: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let (b, l) = (base.clone(), log.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let (h, b, l, c) = (handler.clone(), b.clone(), l.clone(), counts.clone());
            std::thread::spawn(move || {
                let _ = handle(stream, &h, &b, &l, &c);
            });
        }
    });
    Server { base, log }
}

fn handle(
    stream: TcpStream,
    handler: &Handler,
    base: &str,
    log: &Mutex<Vec<Req>>,
    counts: &Mutex<HashMap<String, usize>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                len = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    let req = Req {
        method,
        target: target.clone(),
        body,
    };
    log.lock().unwrap().push(req.clone());
    let n = {
        let mut c = counts.lock().unwrap();
        let e = c.entry(target).or_insert(0);
        *e += 1;
        *e
    };
    let reply = handler(&req, n, base);
    let mut s = stream;
    let head = |code: u16, ctype: &str, n: usize, extra: &str| {
        format!("HTTP/1.1 {code} X\r\nContent-Type: {ctype}\r\nContent-Length: {n}\r\n{extra}Connection: close\r\n\r\n")
    };
    match reply {
        Reply::Json(code, b) => {
            s.write_all(head(code, "application/json", b.len(), "").as_bytes())?;
            s.write_all(b.as_bytes())?;
        }
        Reply::With(code, extra, b) => {
            s.write_all(head(code, "application/json", b.len(), extra).as_bytes())?;
            s.write_all(b.as_bytes())?;
        }
        Reply::Html(b) => {
            s.write_all(head(200, "text/html", b.len(), "").as_bytes())?;
            s.write_all(b.as_bytes())?;
        }
        Reply::Truncated(b) => {
            s.write_all(head(200, "application/json", b.len(), "").as_bytes())?;
            s.write_all(&b.as_bytes()[..b.len() / 2])?;
        }
        Reply::Slow(d, b) => {
            std::thread::sleep(d);
            s.write_all(head(200, "application/json", b.len(), "").as_bytes())?;
            s.write_all(b.as_bytes())?;
        }
    }
    s.flush()
}

fn run(args: &[&str], cache_home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_modellvarde"))
        .args(args)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("XDG_CACHE_HOME", cache_home)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Fails with the command's stderr when it did not succeed.
fn ok(o: &Output) {
    assert!(o.status.success(), "failed: {}", stderr(o));
}

/// A clean failure: non-zero exit, no panic, the message contains `needle`.
fn fails_with(o: &Output, needle: &str) {
    let e = stderr(o);
    assert!(!o.status.success(), "should fail, stderr: {e}");
    assert!(!e.contains("panicked"), "panicked: {e}");
    assert!(e.contains(needle), "expected «{needle}» in: {e}");
}

const DATA: &str =
    "/v3/data/kpi/N31807,U31001/municipality/0180,1280,1480/year/2021,2022?per_page=5000";

/// The main scenario: metadata, then three data pages chained by
/// `next_url`; the first page times out once, the second answers 429 once,
/// the third 500 once.
fn kolada_server() -> Server {
    serve(Arc::new(|req: &Req, n: usize, base: &str| {
        let page =
            |i: u32| fixture(&format!("kolada-v3/data-page{i}.json")).replace("{BASE}", base);
        match req.target.as_str() {
            "/v3/kpi/N31807,U31001?per_page=5000" => {
                Reply::Json(200, fixture("kolada-v3/kpi-N31807-U31001.json"))
            }
            t if t == DATA => {
                if n == 1 {
                    Reply::Slow(Duration::from_millis(2500), page(1))
                } else {
                    Reply::Json(200, page(1))
                }
            }
            t if t == format!("{DATA}&page=2") => {
                if n == 1 {
                    Reply::With(
                        429,
                        "Retry-After: 0\r\n",
                        "{\"error\":\"too many requests\"}".into(),
                    )
                } else {
                    Reply::Json(200, page(2))
                }
            }
            t if t == format!("{DATA}&page=3") => {
                if n == 1 {
                    Reply::Json(500, "{\"error\":\"internal\"}".into())
                } else {
                    Reply::Json(200, page(3))
                }
            }
            _ => Reply::Json(404, "{\"error\":\"not found\"}".into()),
        }
    }))
}

#[test]
fn kolada_pages_retries_status_and_nulls_give_the_expected_csv() {
    let srv = kolada_server();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("panel").join("fetched.csv");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let cache = tmp.path().join("cache");
    let args = [
        "fetch",
        "kolada",
        "--kpi",
        "N31807,U31001",
        "--municipality",
        "0180,1280,1480",
        "--years",
        "2021-2022",
        "--out",
        out.to_str().unwrap(),
        "--base-url",
        &srv.base,
        "--cache",
        cache.to_str().unwrap(),
        "--timeout",
        "1",
        "--retries",
        "3",
        "--retry-delay-ms",
        "10",
    ];
    let o = run(&args, tmp.path());
    ok(&o);
    let expected = fixture("kolada-v3/expected.csv");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    // Every flaky page was asked for exactly twice: one failure, one success.
    assert_eq!(srv.hits(&format!("{DATA}&page=2")), 2);
    assert_eq!(srv.hits(&format!("{DATA}&page=3")), 2);
    assert_eq!(srv.targets().iter().filter(|t| *t == DATA).count(), 2);
    let e = stderr(&o);
    // 12 total values: 6 N31807, 6 U31001; Malmö 2022 U31001 is null ("M"),
    // Göteborg 2021 carries status "B".
    assert!(e.contains("fetched 12 values (1 missing, 2 with a status) of 2 KPIs for 3 municipalities, years 2021–2022, on 2026-12-01"), "{e}");
    assert!(e.contains("3 retries"), "{e}");
    let sources = std::fs::read_to_string(tmp.path().join("panel/fetched.sources.csv")).unwrap();
    assert!(
        sources.starts_with("kpi,area,year,gender,value,status,fetched,url\n"),
        "{sources}"
    );
    assert!(
        sources.contains(&format!(
            "U31001,1280,2022,T,,M,2026-12-01,\"{}{DATA}&page=3\"\n",
            srv.base
        )),
        "{sources}"
    );
    assert!(
        sources.contains("U31001,1480,2021,T,1601.111102,B,2026-12-01,"),
        "{sources}"
    );
    assert!(
        !sources.contains(",0000,"),
        "the country row is not a municipality"
    );
    assert_eq!(sources.lines().count(), 13);
    let dict = std::fs::read_to_string(tmp.path().join("panel/fetched.variables.csv")).unwrap();
    assert!(
        dict.starts_with("id,label_sv,label_en,unit,source,definition\n"),
        "{dict}"
    );
    assert!(
        dict.contains(
            "Källa: Kolada (Socialstyrelsen (statistikdatabasen) & SCB), hämtad 2026-12-01"
        ),
        "{dict}"
    );
    // The loader's dictionary beside the data is written too (none was there).
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("panel/variables.csv")).unwrap(),
        dict
    );

    // Offline, from the cache only: the server is not asked again.
    let before = srv.log.lock().unwrap().len();
    let out2 = tmp.path().join("offline.csv");
    let mut off: Vec<&str> = args.to_vec();
    let at = off.iter().position(|a| *a == "--out").unwrap() + 1;
    off[at] = out2.to_str().unwrap();
    off.push("--offline");
    let o = run(&off, tmp.path());
    ok(&o);
    assert_eq!(std::fs::read_to_string(&out2).unwrap(), expected);
    assert_eq!(srv.log.lock().unwrap().len(), before);
    assert!(
        stderr(&o).contains("4 answers from the cache"),
        "{}",
        stderr(&o)
    );
    // The same in Swedish with --lang sv (the files do not change).
    off.extend(["--lang", "sv"]);
    let o = run(&off, tmp.path());
    ok(&o);
    assert_eq!(std::fs::read_to_string(&out2).unwrap(), expected);
    let e = stderr(&o);
    assert!(
        e.contains("hämtade 12 värden (1 saknas, 2 med status) för 2 nyckeltal och 3 kommuner, år 2021–2022, den 2026-12-01; ")
            && e.contains("4 svar från cachen")
            && !e.contains("fetched"),
        "{e}"
    );
}

#[test]
fn offline_without_a_cached_answer_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    let o = run(
        &[
            "fetch",
            "kolada",
            "--kpi",
            "U31001",
            "--out",
            out.to_str().unwrap(),
            "--offline",
            "--cache",
            tmp.path().join("empty").to_str().unwrap(),
        ],
        tmp.path(),
    );
    fails_with(&o, "is not in the cache");
    assert!(!out.exists());
}

#[test]
fn no_network_fails_fast_and_names_offline_and_import() {
    // A port with nothing listening: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let tmp = tempfile::tempdir().unwrap();
    let t0 = Instant::now();
    let o = run(
        &[
            "fetch",
            "kolada",
            "--kpi",
            "U31001",
            "--out",
            tmp.path().join("x.csv").to_str().unwrap(),
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--no-cache",
        ],
        tmp.path(),
    );
    fails_with(&o, "cannot reach");
    let e = stderr(&o);
    assert!(
        e.contains("--offline") && e.contains("import kolada-json"),
        "{e}"
    );
    // No retries with backoff (4 retries would wait 0.5+1+2+4 s).
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "took {:?}",
        t0.elapsed()
    );
}

/// A server for the bad answers, one per path.
fn bad_server() -> Server {
    serve(Arc::new(|req: &Req, _n: usize, _base: &str| {
        let t = req.target.as_str();
        if t.starts_with("/v3/kpi/N31807?") {
            return Reply::Json(200, fixture("kolada-v3/kpi-N31807-U31001.json"));
        }
        if t.starts_with("/v3/kpi/N31004?") {
            return Reply::Json(200, fixture("kolada-v3/kpi-N31004.json"));
        }
        if t.starts_with("/v3/kpi/X99999?") {
            return Reply::Json(200, "{\"values\": [], \"next_url\": \"\"}".into());
        }
        if t.starts_with("/html/v3/") {
            return Reply::Html(
                "<!DOCTYPE html><html><body>Kolada – sidan finns inte</body></html>".into(),
            );
        }
        if t.starts_with("/cut/v3/") {
            return Reply::Truncated(fixture("kolada-v3/kpi-N31807-U31001.json"));
        }
        if t.starts_with("/v3/data/kpi/N31807/municipality/2584/") {
            return Reply::Json(200, "{\"values\": [], \"next_url\": null}".into());
        }
        Reply::Json(404, "{}".into())
    }))
}

#[test]
fn bad_answers_are_clear_errors_never_panics() {
    let srv = bad_server();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    let go = |kpi: &str, base: &str, extra: &[&str]| {
        let mut a = vec![
            "fetch",
            "kolada",
            "--kpi",
            kpi,
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            base,
            "--no-cache",
            "--retries",
            "1",
            "--retry-delay-ms",
            "1",
            "--timeout",
            "2",
        ];
        a.extend_from_slice(extra);
        run(&a, tmp.path())
    };
    fails_with(
        &go("N31807", &format!("{}/html", srv.base), &[]),
        "answered with HTML, not JSON",
    );
    fails_with(
        &go("N31807", &format!("{}/cut", srv.base), &[]),
        "failed after 2 attempts",
    );
    let o = go("X99999", &srv.base, &[]);
    fails_with(&o, "X99999 is not in Kolada's KPI catalogue");
    let o = go("N31004", &srv.base, &[]);
    fails_with(&o, "N31004 is closed in Kolada");
    assert!(stderr(&o).contains("use U31001"), "{}", stderr(&o));
    fails_with(
        &go(
            "N31807",
            &srv.base,
            &["--municipality", "2584", "--years", "2024"],
        ),
        "Kolada returned no values",
    );
    fails_with(
        &go("N31807", &srv.base, &["--years", "2025-2013"]),
        "--years 2025-2013",
    );
    assert!(!out.exists(), "no output after a failure");
}

/// Serves every KPI of the storstadslänen spec from `data/kommuner.csv`
/// (Kolada values), in the v3 shape, 400 rows a page; refuses a path segment
/// with more than 25 items as Kolada does.
fn panel_server() -> Server {
    let text = std::fs::read_to_string(root().join("data/kommuner.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let data = Arc::new((header, rows));
    serve(Arc::new(move |req: &Req, _n: usize, base: &str| {
        let (path, query) = req.target.split_once('?').unwrap_or((&req.target, ""));
        let segs: Vec<&str> = path.split('/').collect();
        if segs.iter().any(|s| s.split(',').count() > 25) {
            return Reply::Json(
                400,
                "{\"error\":\"at most 25 items per path segment\"}".into(),
            );
        }
        if path.starts_with("/v3/kpi/") {
            return Reply::Json(200, fixture("kolada-v3/kpi-storstadslanen.json"));
        }
        // /v3/data/kpi/{k}/municipality/{m}/year/{y}
        if segs.len() != 9 || segs[3] != "kpi" || segs[5] != "municipality" || segs[7] != "year" {
            return Reply::Json(404, "{}".into());
        }
        let (header, rows) = &*data;
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        let mut values = Vec::new();
        for k in segs[4].split(',') {
            for r in rows {
                if segs[6].split(',').any(|m| m == r[0]) && segs[8].split(',').any(|y| y == r[4]) {
                    let cell = &r[col(k)];
                    let v = if cell.is_empty() {
                        "null".to_string()
                    } else {
                        cell.clone()
                    };
                    values.push(format!(
                        "{{\"kpi\":\"{k}\",\"municipality\":\"{}\",\"period\":{},\"values\":[{{\"gender\":\"T\",\"count\":1,\"status\":\"\",\"value\":{v}}}]}}",
                        r[0], r[4]
                    ));
                }
            }
        }
        let page: usize = query
            .split('&')
            .find_map(|p| p.strip_prefix("page="))
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let per = 400;
        let chunk: Vec<String> = values
            .iter()
            .skip((page - 1) * per)
            .take(per)
            .cloned()
            .collect();
        let next = if page * per < values.len() {
            format!("{base}{path}?per_page=5000&page={}", page + 1)
        } else {
            String::new()
        };
        Reply::Json(
            200,
            format!(
                "{{\"values\":[{}],\"next_url\":\"{next}\"}}",
                chunk.join(",")
            ),
        )
    }))
}

#[test]
fn model_fetch_splits_at_25_matches_the_embedded_data_and_reports() {
    let srv = panel_server();
    let tmp = tempfile::tempdir().unwrap();
    // The municipalities of the three metropolitan counties, as the spec samples.
    let text = std::fs::read_to_string(root().join("data/kommuner.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let mut ids: Vec<String> = rows
        .iter()
        .filter(|r| ["01", "12", "14"].contains(&&r[2]))
        .map(|r| r[0].to_string())
        .collect();
    ids.dedup();
    assert!(ids.len() > 100);
    let out = tmp.path().join("fetched.csv");
    let o = run(
        &[
            "fetch",
            "kolada",
            "--model",
            "storstadslanen",
            "--municipality",
            &ids.join(","),
            "--years",
            "2020-2022",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            &srv.base,
            "--no-cache",
        ],
        tmp.path(),
    );
    ok(&o);
    // ⌈108 / 25⌉ = 5 data requests, each with more than one page of 400 rows.
    let data: Vec<String> = srv
        .targets()
        .into_iter()
        .filter(|t| t.starts_with("/v3/data/"))
        .collect();
    assert_eq!(
        data.iter().filter(|t| !t.contains("&page=")).count(),
        ids.len().div_ceil(25),
        "{data:?}"
    );
    assert!(
        data.iter().any(|t| t.contains("&page=2")),
        "paging was used"
    );
    // The expected file: the same rows and columns projected from data/kommuner.csv.
    let kpis = [
        "N01951", "N01984", "N02942", "N07901", "U00801", "U01805", "U31001",
    ];
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let cols: Vec<usize> = (0..5)
        .chain(
            kpis.iter()
                .map(|k| header.iter().position(|h| h == k).unwrap()),
        )
        .collect();
    w.write_record(cols.iter().map(|&c| header[c].as_str()))
        .unwrap();
    for r in &rows {
        if ids.contains(&r[0].to_string()) && ["2020", "2021", "2022"].contains(&&r[4]) {
            w.write_record(cols.iter().map(|&c| &r[c])).unwrap();
        }
    }
    let expected = String::from_utf8(w.into_inner().unwrap()).unwrap();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);

    let reports = tmp.path().join("reports");
    let o = run(
        &[
            "report",
            "--data",
            out.to_str().unwrap(),
            "--model",
            "storstadslanen",
            "--out",
            reports.to_str().unwrap(),
        ],
        tmp.path(),
    );
    ok(&o);
    assert!(std::fs::read_dir(&reports).unwrap().count() > 0);
}

#[test]
fn pxweb_json_stat2_gives_the_expected_csv() {
    let srv = serve(Arc::new(|req: &Req, _n: usize, _b: &str| {
        if req.method == "POST"
            && req.target == "/api/v2/tables/TAB6683/data?lang=sv&outputFormat=json-stat2"
        {
            // The saved query must arrive as JSON.
            if serde_json::from_slice::<serde_json::Value>(&req.body).is_err() {
                return Reply::Json(400, "{}".into());
            }
            return Reply::Json(200, fixture("pxweb/tab6683-jsonstat2.json"));
        }
        if req.target.starts_with("/html/") {
            return Reply::Html("<html><body>Fel</body></html>".into());
        }
        Reply::Json(404, "{}".into())
    }));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("deso.csv");
    let query = root().join("data/queries/scb-deso-ekonomiskt-bistand.json");
    let o = run(
        &["fetch", "pxweb", "--url", "https://statistikdatabasen.scb.se/api/v2/tables/TAB6683/data?lang=sv&outputFormat=json-stat2",
          "--query", query.to_str().unwrap(), "--out", out.to_str().unwrap(), "--base-url", &srv.base, "--no-cache"],
        tmp.path(),
    );
    ok(&o);
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        fixture("pxweb/expected.csv")
    );
    let dict = std::fs::read_to_string(tmp.path().join("deso.variables.csv")).unwrap();
    assert!(dict.contains("Andel,\"ekonomiskt bistånd, Andel personer med inkomstkomponenten, procent\",,procent,\"Källa: SCB, hämtad 2026-12-01\""), "{dict}");
    assert!(
        stderr(&o).contains("1 cells marked missing"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "fetch",
            "pxweb",
            "--url",
            &format!("{}/html/x.px", srv.base),
            "--out",
            out.to_str().unwrap(),
            "--no-cache",
        ],
        tmp.path(),
    );
    fails_with(&o, "answered with HTML");
}

#[test]
fn kolada_groups_are_written_in_the_long_layout() {
    let srv = serve(Arc::new(|req: &Req, _n: usize, _b: &str| {
        if req.target == "/v3/municipality_groups?per_page=5000&title=Liknande%20kommuner%20ekonomiskt%20bist%C3%A5nd" {
            return Reply::Json(200, fixture("kolada-v3/groups-liknande.json"));
        }
        Reply::Json(404, "{}".into())
    }));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("groups.csv");
    let o = run(
        &[
            "fetch",
            "kolada-groups",
            "--title",
            "Liknande kommuner ekonomiskt bistånd",
            "--out",
            out.to_str().unwrap(),
            "--base-url",
            &srv.base,
            "--no-cache",
        ],
        tmp.path(),
    );
    ok(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("group_id,group_title,member_id,member_title\n"));
    // Göteborg's 2023 group as in the v3 groups file (G175962).
    assert!(
        text.contains(
            "G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",0360,Tierp\n"
        ),
        "{text}"
    );
    assert_eq!(text.lines().count(), 15);
    let groups = modellvarde::fetch::groups::read_groups_csv(&out).unwrap();
    let a = modellvarde::fetch::groups::rka_peers(
        &groups,
        "1480",
        "Göteborg",
        &["1285".into(), "0180".into()],
    )
    .unwrap();
    assert_eq!(a.both, vec!["1285"]);
    assert_eq!(a.only_own, vec!["0180"]);
    assert!(
        stderr(&o).contains("2 groups, 14 members"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn import_kolada_json_reads_v3_pages() {
    // The same three reconstructed v3 pages, saved and imported: the same table.
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec!["import".to_string(), "kolada-json".to_string()];
    for i in 1..=3 {
        let p = tmp.path().join(format!("p{i}.json"));
        std::fs::write(&p, fixture(&format!("kolada-v3/data-page{i}.json"))).unwrap();
        args.push("--from".into());
        args.push(p.display().to_string());
    }
    let out = tmp.path().join("imported.csv");
    args.push("--out".into());
    args.push(out.display().to_string());
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&run(&a, tmp.path()));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        fixture("kolada-v3/expected.csv")
    );
}

#[test]
fn ou_data_for_units_of_a_municipality() {
    // Reconstructed: unit ids in Kolada's V15E… form, rows as municipality
    // rows with "ou" in place of "municipality"; values made up.
    let srv = serve(Arc::new(|req: &Req, _n: usize, _b: &str| {
        match req.target.as_str() {
        "/v3/kpi/U31001?per_page=5000" | "/v3/kpi/N31807?per_page=5000" => {
            Reply::Json(200, fixture("kolada-v3/kpi-N31807-U31001.json"))
        }
        "/v3/ou?municipality=1480&per_page=5000" => Reply::Json(
            200,
            r#"{"values":[{"id":"V15E148000101","municipality":"1480","title":"Enhet A"},
                          {"id":"V15E148000201","municipality":"1480","title":"Enhet B"}],"next_url":""}"#
                .into(),
        ),
        "/v3/oudata/kpi/U31001/ou/V15E148000101,V15E148000201/year/2023,2024?per_page=5000" => Reply::Json(
            200,
            r#"{"values":[
              {"kpi":"U31001","ou":"V15E148000101","period":2023,"values":[{"gender":"T","count":1,"status":"","value":1200.5}]},
              {"kpi":"U31001","ou":"V15E148000101","period":2024,"values":[{"gender":"T","count":1,"status":"","value":1300}]},
              {"kpi":"U31001","ou":"V15E148000201","period":2024,"values":[{"gender":"T","count":1,"status":"","value":null}]}
            ],"next_url":""}"#
                .into(),
        ),
        _ => Reply::Json(404, "{}".into()),
    }
    }));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("units.csv");
    let args = |kpi: &'static str| {
        vec![
            "fetch",
            "kolada",
            "--kpi",
            kpi,
            "--ou",
            "--municipality",
            "1480",
            "--years",
            "2023-2024",
            "--no-cache",
        ]
    };
    let mut a = args("U31001");
    a.extend(["--out", out.to_str().unwrap(), "--base-url", &srv.base]);
    ok(&run(&a, tmp.path()));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "area_id,area_name,group,group_name,year,U31001\n\
         V15E148000101,Enhet A,1480,Göteborg,2023,1200.5\n\
         V15E148000101,Enhet A,1480,Göteborg,2024,1300\n\
         V15E148000201,Enhet B,1480,Göteborg,2024,\n"
    );
    // N31807 has no unit data in the catalogue.
    let mut a = args("N31807");
    a.extend(["--out", out.to_str().unwrap(), "--base-url", &srv.base]);
    fails_with(
        &run(&a, tmp.path()),
        "no organisational-unit data for N31807",
    );
}

#[test]
fn no_shipped_spec_uses_a_closed_kpi_and_validate_names_the_replacement() {
    for entry in std::fs::read_dir(root().join("models")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let spec =
            modellvarde::spec::ModelSpec::from_toml(&text, &path.display().to_string()).unwrap();
        let notes = modellvarde::fetch::kolada::closed_kpi_notes(spec.used_columns());
        assert!(notes.is_empty(), "{}: {notes:?}", path.display());
    }
    // A spec on the embedded data that still uses N31004: validate says so.
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("gammal.toml");
    std::fs::write(
        &spec,
        "name = \"gammal\"\noutcome = \"N31004\"\ncovariates = [\"U00801\"]\n[sample]\nyears = { from = 2022, to = 2022 }\n",
    )
    .unwrap();
    let o = run(&["validate", "--model", spec.to_str().unwrap()], tmp.path());
    ok(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("note: N31004 is closed in Kolada") && out.contains("use U31001"),
        "{out}"
    );
}

/// A server for the error messages in both languages, one failure per path.
fn lang_server() -> Server {
    serve(Arc::new(|req: &Req, _n: usize, _base: &str| {
        let t = req.target.as_str();
        let kpi = || fixture("kolada-v3/kpi-N31807-U31001.json");
        if t.starts_with("/v3/kpi/N31807?") || t.starts_with("/row/v3/kpi/") {
            return Reply::Json(200, kpi());
        }
        if t.starts_with("/shape/v3/") {
            return Reply::Json(200, "{\"rows\": [1, 2]}".into());
        }
        if t.starts_with("/busy/v3/") {
            return Reply::Json(503, "{\"error\":\"busy\"}".into());
        }
        if t.starts_with("/v3/kpi/X99999?") {
            return Reply::Json(200, "{\"values\": [], \"next_url\": \"\"}".into());
        }
        if t.starts_with("/v3/data/kpi/N31807/municipality/2584/")
            || t.starts_with("/v3/municipality_groups")
        {
            return Reply::Json(200, "{\"values\": [], \"next_url\": null}".into());
        }
        if t.starts_with("/row/v3/data/") {
            return Reply::Json(200, "{\"values\": [{\"kpi\":\"N31807\",\"municipality\":\"0180\",\"period\":2024,\"values\":[{\"gender\":\"T\",\"value\":\"abc\"}]}], \"next_url\": null}".into());
        }
        if t.starts_with("/px/") {
            return Reply::Json(200, "{\"something\": 1}".into());
        }
        Reply::Json(404, "{}".into())
    }))
}

/// English words none of fetch's Swedish messages has (outside URLs, ids
/// and the JSON examples).
const ENGLISH_WORDS: [&str; 12] = [
    "error:", "hint:", "note:", " the ", " not ", "check", "give ", "use ", "failed", "cannot",
    "missing", " no ",
];

#[test]
fn fetch_errors_speak_swedish_with_lang_sv_and_english_is_unchanged() {
    let srv = lang_server();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    let out = out.to_str().unwrap();
    let b = srv.base.as_str();
    let net = [
        "--no-cache",
        "--retries",
        "1",
        "--retry-delay-ms",
        "1",
        "--timeout",
        "2",
    ];
    // (arguments, the whole English stderr, what the Swedish one says)
    let cases: Vec<(Vec<String>, String, Vec<String>)> = vec![
        (
            vec!["kolada", "--kpi", "Z11111", "--base-url", b].into_iter().map(String::from).collect(),
            format!("error: GET {b}/v3/kpi/Z11111?per_page=5000: not found (HTTP 404): «{{}}»\n  hint: check the ids, the table URL and --base-url\n"),
            vec![
                format!("fel: GET {b}/v3/kpi/Z11111?per_page=5000: hittades inte (HTTP 404): «{{}}»\n  tips: kontrollera id:na, tabellens URL och --base-url\n"),
            ],
        ),
        (
            vec!["kolada".into(), "--kpi".into(), "N31807".into(), "--base-url".into(), format!("{b}/busy")],
            format!("error: GET {b}/busy/v3/kpi/N31807?per_page=5000 failed after 2 attempts: HTTP 503 «{{\"error\":\"busy\"}}»\n  hint: the server may be busy or down; try again later, or use --offline with the cache of an earlier fetch\n"),
            vec![
                format!("fel: kunde inte hämta {b}/busy/v3/kpi/N31807?per_page=5000 (GET) efter 2 försök: HTTP 503 «{{\"error\":\"busy\"}}»\n"),
                "tips: servern kan vara upptagen eller nere; försök igen senare".into(),
            ],
        ),
        (
            vec!["kolada".into(), "--kpi".into(), "N31807".into(), "--base-url".into(), format!("{b}/shape")],
            format!("error: {b}/shape/v3/kpi/N31807?per_page=5000: the answer has no \"values\" list: {{\"rows\":[1,2]}}\n  hint: a Kolada v3 answer looks like {{\"values\": [...], \"next_url\": \"...\"}}; check --base-url\n"),
            vec![
                format!("fel: {b}/shape/v3/kpi/N31807?per_page=5000: svaret från Kolada saknar listan \"values\": {{\"rows\":[1,2]}}\n"),
                "tips: ett svar från Kolada v3 ser ut så här: {\"values\": [...], \"next_url\": \"...\"}; kontrollera --base-url".into(),
            ],
        ),
        (
            vec!["kolada".into(), "--kpi".into(), "N31807".into(), "--municipality".into(), "0180".into(), "--years".into(), "2024".into(), "--base-url".into(), format!("{b}/row")],
            format!("error: {b}/row/v3/data/kpi/N31807/municipality/0180/year/2024?per_page=5000: row 0: N31807 0180 2024: values[0].value \"abc\" is not a number or null\n  hint: a Kolada v3 data row looks like {{\"kpi\":\"U31001\",\"municipality\":\"0180\",\"period\":2024,\"values\":[{{\"gender\":\"T\",\"count\":1,\"status\":\"\",\"value\":1234.5}}]}}\n"),
            vec![
                "rad 0: N31807 0180 2024: values[0].value \"abc\" är varken ett tal eller null".into(),
                "tips: en datarad från Kolada v3 ser ut så här: {\"kpi\":\"U31001\"".into(),
            ],
        ),
        (
            vec!["kolada", "--kpi", "X99999", "--base-url", b].into_iter().map(String::from).collect(),
            "error: X99999 is not in Kolada's KPI catalogue\n  hint: check the id at kolada.se; KPIs can be removed without notice\n".into(),
            vec!["fel: X99999 finns inte i Koladas katalog över nyckeltal\n  tips: kontrollera id:t på kolada.se; nyckeltal kan tas bort utan förvarning\n".into()],
        ),
        (
            vec!["kolada", "--kpi", "N31807", "--municipality", "2584", "--years", "2024", "--base-url", b].into_iter().map(String::from).collect(),
            "error: Kolada returned no values for N31807 in 2024-2024\n  hint: check the years against the KPI's publ_period, and the municipality ids\n".into(),
            vec!["fel: Kolada gav inga värden för N31807 åren 2024-2024\n  tips: jämför åren med nyckeltalets publ_period och kontrollera kommunernas id:n\n".into()],
        ),
        (
            vec!["kolada", "--kpi", "N31807", "--gender", "X", "--base-url", b].into_iter().map(String::from).collect(),
            "error: --gender X: use T (total), K (women) or M (men)\n".into(),
            vec!["fel: --gender X: ange T (totalt), K (kvinnor) eller M (män)\n".into()],
        ),
        (
            vec!["kolada", "--kpi", "N31807", "--years", "abc", "--base-url", b].into_iter().map(String::from).collect(),
            "error: --years abc: give FROM-TO (e.g. 2013-2025) or one year\n".into(),
            vec!["fel: --years abc: ange FRÅN-TILL (t.ex. 2013-2025) eller ett år\n".into()],
        ),
        (
            vec!["kolada", "--kpi", "N31807", "--years", "2025-2013", "--base-url", b].into_iter().map(String::from).collect(),
            "error: --years 2025-2013: give FROM-TO (e.g. 2013-2025) or one year\n".into(),
            vec!["fel: --years 2025-2013: ange FRÅN-TILL (t.ex. 2013-2025) eller ett år\n".into()],
        ),
        (
            vec!["kolada-groups", "--base-url", b].into_iter().map(String::from).collect(),
            format!("error: no municipality groups at {b}/v3/municipality_groups?per_page=5000\n  hint: check --title: it matches part of a group title, e.g. \"Liknande kommuner ekonomiskt bistånd\"\n"),
            vec![format!("fel: inga kommungrupper på {b}/v3/municipality_groups?per_page=5000\n  tips: kontrollera --title")],
        ),
        (
            vec!["pxweb".into(), "--url".into(), format!("{b}/px/api/v1/sv/T.px")],
            format!("error: {b}/px/api/v1/sv/T.px: the answer is neither JSON-stat 2 (\"class\":\"dataset\") nor PxWeb JSON (\"columns\", \"data\")\n  hint: ask for \"response\": {{\"format\": \"json-stat2\"}} in the query (PxWeb API v1), or outputFormat=json-stat2 (SCB API v2)\n"),
            vec![
                format!("fel: {b}/px/api/v1/sv/T.px: svaret är varken JSON-stat 2 (\"class\":\"dataset\") eller PxWeb JSON (\"columns\", \"data\")\n"),
                "tips: be om \"response\"".into(),
            ],
        ),
    ];
    for (args, english, swedish) in cases {
        let mut a: Vec<&str> = vec!["fetch"];
        a.extend(args.iter().map(String::as_str));
        a.extend(["--out-file", out]);
        a.extend(net);
        let plain = run(&a, tmp.path());
        fails_with(&plain, "error: ");
        assert_eq!(stderr(&plain), english, "{a:?}");
        let en = run(&[a.as_slice(), &["--lang", "en"]].concat(), tmp.path());
        assert_eq!(stderr(&en), english, "--lang en: {a:?}");
        let sv = run(&[a.as_slice(), &["--lang", "sv"]].concat(), tmp.path());
        let e = stderr(&sv);
        fails_with(&sv, "fel: ");
        for s in &swedish {
            assert!(e.contains(s.as_str()), "expected «{s}» in: {e}");
        }
        for w in ENGLISH_WORDS {
            assert!(!e.contains(w), "English «{w}» in: {e}");
        }
    }
    assert!(!Path::new(out).exists(), "no output after a failure");
}

#[test]
fn fetch_notes_and_unreachable_host_in_swedish() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("x.csv");
    // The deprecated `--out` spelling and an empty cache, offline.
    let empty = tmp.path().join("empty");
    let a = [
        "fetch",
        "kolada",
        "--kpi",
        "U31001",
        "--out",
        out.to_str().unwrap(),
        "--offline",
        "--cache",
        empty.to_str().unwrap(),
    ];
    let e = stderr(&run(&a, tmp.path()));
    assert!(
        e.starts_with("note: --out is deprecated here (the output is a file); use --out-file\nerror: --offline: GET https://api.kolada.se/v3/kpi/U31001?per_page=5000 is not in the cache "),
        "{e}"
    );
    let e = stderr(&run(
        &[a.as_slice(), &["--lang", "sv"]].concat(),
        tmp.path(),
    ));
    assert!(
        e.starts_with("obs: --out är föråldrad här (utdata är en fil); använd --out-file\nfel: --offline: GET https://api.kolada.se/v3/kpi/U31001?per_page=5000 finns inte i cachen ")
            && e.contains("\n  tips: kör samma kommando en gång med nätverk (utan --offline) för att fylla cachen\n"),
        "{e}"
    );
    // Nothing listens on the port: the host cannot be reached.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let a = [
        "fetch",
        "kolada",
        "--kpi",
        "U31001",
        "--out-file",
        out.to_str().unwrap(),
        "--base-url",
        &base,
        "--no-cache",
        "--lang",
        "sv",
    ];
    let o = run(&a, tmp.path());
    fails_with(
        &o,
        &format!("fel: kan inte nå {base}/v3/kpi/U31001?per_page=5000 (GET): "),
    );
    let e = stderr(&o);
    assert!(
        e.contains("\n  tips: inget nätverk? kör igen med --offline")
            && e.contains("`modellvarde import kolada-json --from FIL …`"),
        "{e}"
    );
    // A missing query file and one that is not JSON name the file, in Swedish.
    let bad = tmp.path().join("q.json");
    std::fs::write(&bad, "{\"a\": x}").unwrap();
    let none = tmp.path().join("none.json");
    for (q, sv, en) in [
        (
            &none,
            format!(
                "fel: kan inte läsa frågan {}: filen finns inte\n",
                none.display()
            ),
            format!("error: reading the query {}: ", none.display()),
        ),
        (
            &bad,
            format!(
                "fel: {}: frågan är inte giltig JSON: ett värde väntas (rad 1, kolumn 7)\n",
                bad.display()
            ),
            format!(
                "error: {}: the query is not valid JSON: expected value at line 1 column 7\n",
                bad.display()
            ),
        ),
    ] {
        let a = [
            "fetch",
            "pxweb",
            "--url",
            &format!("{base}/api/v1/sv/T.px"),
            "--query",
            q.to_str().unwrap(),
            "--out-file",
            out.to_str().unwrap(),
        ];
        let o = run(&a, tmp.path());
        fails_with(&o, &en);
        assert!(stderr(&o).starts_with(&en), "{}", stderr(&o));
        let o = run(&[a.as_slice(), &["--lang", "sv"]].concat(), tmp.path());
        fails_with(&o, &sv);
        assert_eq!(stderr(&o), sv);
    }
}
