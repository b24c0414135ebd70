//! CSV exporters: `areas.csv`, `coefficients.csv` and `excluded.csv`, one row per
//! area / coefficient / excluded row, every field of the result structs, decimal
//! point and full precision (shortest text that reads back to the same `f64`),
//! so a researcher loses nothing by reading the CSV instead of `results.json`.

use ::csv::{Terminator, WriterBuilder};

use super::format::push_roundtrip;
use super::{deviation, ranking_order};
use crate::results::ModelResult;

/// A CSV file written field by field into one buffer: text through the csv
/// crate's quoting (after [`neutralise_formula`]), numbers formatted into
/// one reused string ([`push_roundtrip`]) — no `String` per cell or row.
struct Rows {
    w: ::csv::Writer<Vec<u8>>,
    num: String,
}

impl Rows {
    /// A file whose first record is `header` (written as is).
    fn new<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(header: I, capacity: usize) -> Rows {
        let mut w = WriterBuilder::new()
            .terminator(Terminator::Any(b'\n'))
            .from_writer(Vec::with_capacity(capacity));
        // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
        w.write_record(header).expect("write to memory");
        Rows {
            w,
            num: String::with_capacity(32),
        }
    }

    fn text(&mut self, s: &str) {
        self.w
            .write_field(neutralise_formula(s).as_bytes())
            .expect("write to memory");
    }

    /// A number as [`roundtrip`](super::format::roundtrip) writes it: such
    /// text always reads as a number, so it needs no neutralising.
    fn num(&mut self, x: f64) {
        self.num.clear();
        push_roundtrip(&mut self.num, x);
        self.w
            .write_field(self.num.as_bytes())
            .expect("write to memory");
    }

    /// An optional number; an empty field when absent.
    fn opt(&mut self, x: Option<f64>) {
        match x {
            Some(v) => self.num(v),
            None => self.w.write_field(b"").expect("write to memory"),
        }
    }

    /// An optional integer; an empty field when absent.
    fn int(&mut self, x: Option<impl Into<i128>>) {
        self.num.clear();
        if let Some(v) = x {
            super::decimal::push_int(&mut self.num, v.into());
        }
        self.w
            .write_field(self.num.as_bytes())
            .expect("write to memory");
    }

    fn end_row(&mut self) {
        self.w.write_record(None::<&[u8]>).expect("write to memory");
    }

    fn finish(self) -> String {
        let bytes = self.w.into_inner().expect("flush to memory");
        String::from_utf8(bytes).expect("fields are UTF-8")
    }
}

/// A text cell that a spreadsheet would run as a formula (it begins with `=`,
/// `+`, `-`, `@`, tab or carriage return) gets a leading `'`, as the OWASP
/// "CSV Injection" guidance recommends: Excel and LibreOffice then show the
/// text instead of evaluating it. Numbers (`-1.5`, `+3`) are left alone, so
/// every numeric column still reads back exactly.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Column name for a coefficient's DFBETAS: `dfbetas_U00801`, `dfbetas_(Intercept)`.
fn dfbetas_name(coef: &str) -> String {
    format!("dfbetas_{coef}")
}

/// The header of `areas.csv` (the fixed columns, one `dfbetas_<coef>` per
/// coefficient, then the columns added later) and the number of DFBETAS
/// columns.
fn areas_header(r: &ModelResult) -> (Vec<String>, usize) {
    let mut header: Vec<String> = [
        "id",
        "name",
        "group",
        "group_name",
        "year",
        "line",
        "rank",
        "weight",
        "actual",
        "modelled",
        "loo_modelled",
        "residual",
        "deviation_pct",
        "deviation_total",
        "pi_low",
        "pi_high",
        "loo_pi_low",
        "loo_pi_high",
        "leverage",
        "studentized_internal",
        "studentized_external",
        "cooks_d",
        "dffits",
        "p_outlier",
        "p_bonferroni",
        "q_bh",
        "reference",
        "flags",
        "notes",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let ncoef = r
        .coefficients
        .len()
        .max(r.areas.iter().map(|a| a.dfbetas.len()).max().unwrap_or(0));
    for j in 0..ncoef {
        let name = r
            .coefficients
            .get(j)
            .map_or_else(|| format!("coef{}", j + 1), |c| c.name.clone());
        header.push(dfbetas_name(&name));
    }
    // Columns added after the first version come last, so a reader that
    // picks columns by position keeps working.
    header.extend(["ratio", "resid_pearson", "resid_deviance"].map(String::from));
    (header, ncoef)
}

/// `areas.csv`: one row per area in the order of the results, with its rank in
/// the report's ranking (1 = most surely above its modelled value, see
/// `ranking_order`). Flags and notes are joined by `;`. Empty fields mean "no
/// value" (e.g. leave-one-out values at leverage 1; `deviation_pct` and `ratio`
/// where the modelled value is not positive). `ratio` = actual / modelled.
pub fn areas_csv(r: &ModelResult) -> String {
    let (header, ncoef) = areas_header(r);
    let mut rank = vec![0usize; r.areas.len()];
    for (k, &i) in ranking_order(r).iter().enumerate() {
        rank[i] = k + 1;
    }
    // About 20 bytes per number; the text columns are short.
    let mut w = Rows::new(&header, r.areas.len() * (header.len() * 20 + 64));
    for (i, a) in r.areas.iter().enumerate() {
        w.text(&a.id);
        w.text(&a.name);
        w.text(&a.group);
        w.text(&a.group_name);
        w.int(a.year);
        w.int(a.line);
        w.int(Some(rank[i] as u64));
        w.opt(a.weight);
        w.num(a.actual);
        w.num(a.modelled);
        w.opt(a.loo_modelled);
        w.num(a.residual);
        w.opt(deviation::shown_pct(a));
        w.opt(a.deviation_total);
        w.num(a.pi_low);
        w.num(a.pi_high);
        w.opt(a.loo_pi_low);
        w.opt(a.loo_pi_high);
        w.num(a.leverage);
        w.opt(a.studentized_internal);
        w.opt(a.studentized_external);
        w.opt(a.cooks_d);
        w.opt(a.dffits);
        w.opt(a.p_outlier);
        w.opt(a.p_bonferroni);
        w.opt(a.q_bh);
        w.opt(a.reference);
        w.text(&contract::flags::join(&a.flags, ";"));
        w.text(&a.notes.join(";"));
        for j in 0..ncoef {
            w.opt(a.dfbetas.get(j).copied().flatten());
        }
        w.opt(deviation::ratio(a));
        w.opt(a.resid_pearson);
        w.opt(a.resid_deviance);
        w.end_row();
    }
    w.finish()
}

/// The columns of `coefficients.csv`.
const COEFFICIENTS_HEADER: [&str; 18] = [
    "name",
    "label",
    "estimate",
    "std_error",
    "t",
    "p",
    "ci_low",
    "ci_high",
    "hc0_std_error",
    "hc1_std_error",
    "hc2_std_error",
    "hc3_std_error",
    "cluster_std_error",
    "vif",
    "standardized",
    // Added for log-link models (empty for the identity link), at the end
    // so column positions hold: exp(β) and its interval.
    "exp_estimate",
    "exp_ci_low",
    "exp_ci_high",
];

/// `coefficients.csv`: one row per coefficient with its dictionary label,
/// classical and robust standard errors, confidence interval, VIF and
/// standardised coefficient.
pub fn coefficients_csv(r: &ModelResult) -> String {
    let log = deviation::reads_as_ratio(r);
    let mut w = Rows::new(COEFFICIENTS_HEADER, r.coefficients.len() * 400 + 256);
    for c in &r.coefficients {
        w.text(&c.name);
        w.text(r.model.labels.get(&c.name).map_or("", String::as_str));
        for v in [
            c.estimate,
            c.std_error,
            c.t,
            c.p,
            c.ci_low,
            c.ci_high,
            c.hc0_std_error,
            c.hc1_std_error,
            c.hc2_std_error,
            c.hc3_std_error,
        ] {
            w.num(v);
        }
        w.opt(c.cluster_std_error);
        w.opt(c.vif);
        w.opt(c.standardized);
        w.opt(log.then(|| c.estimate.exp()));
        w.opt(log.then(|| c.ci_low.exp()));
        w.opt(log.then(|| c.ci_high.exp()));
        w.end_row();
    }
    w.finish()
}

/// `excluded.csv`: the rows left out of the fit and why.
pub fn excluded_csv(r: &ModelResult) -> String {
    let header = ["id", "name", "year", "line", "reason"];
    let mut w = Rows::new(header, r.excluded.len() * 64 + 32);
    for e in &r.excluded {
        w.text(&e.id);
        w.text(&e.name);
        w.int(e.year);
        w.int(e.line);
        // The data files speak English, as results.json does.
        w.text(&e.reason.to_string());
        w.end_row();
    }
    w.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::sample::synthetic;
    use super::*;

    /// The CSV writers as they were before they streamed (a `String` per
    /// cell from `format!`, rows of strings), kept to compare bytes.
    mod before {
        use super::super::super::{deviation, ranking_order};
        use super::super::neutralise_formula;
        use crate::report::format::tests::roundtrip_before as roundtrip;
        use crate::results::ModelResult;
        use ::csv::{Terminator, WriterBuilder};

        fn opt_roundtrip(x: Option<f64>) -> String {
            x.map(roundtrip).unwrap_or_default()
        }

        fn write_rows(header: Vec<String>, rows: Vec<Vec<String>>) -> String {
            let mut w = WriterBuilder::new()
                .terminator(Terminator::Any(b'\n'))
                .from_writer(Vec::new());
            // Writing to a Vec cannot fail; an error here would be a bug in the csv crate.
            w.write_record(&header).expect("write to memory");
            for r in rows {
                w.write_record(r.iter().map(|c| neutralise_formula(c).into_owned()))
                    .expect("write to memory");
            }
            let bytes = w.into_inner().expect("flush to memory");
            String::from_utf8(bytes).expect("fields are UTF-8")
        }

        fn opt_int<T: ToString>(x: Option<T>) -> String {
            x.map(|v| v.to_string()).unwrap_or_default()
        }

        pub fn areas_csv(r: &ModelResult) -> String {
            let (header, ncoef) = super::super::areas_header(r);
            let mut rank = vec![0usize; r.areas.len()];
            for (k, &i) in ranking_order(r).iter().enumerate() {
                rank[i] = k + 1;
            }
            let rows = r
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let mut row = vec![
                        a.id.clone(),
                        a.name.clone(),
                        a.group.clone(),
                        a.group_name.clone(),
                        opt_int(a.year),
                        opt_int(a.line),
                        rank[i].to_string(),
                        opt_roundtrip(a.weight),
                        roundtrip(a.actual),
                        roundtrip(a.modelled),
                        opt_roundtrip(a.loo_modelled),
                        roundtrip(a.residual),
                        opt_roundtrip(deviation::shown_pct(a)),
                        opt_roundtrip(a.deviation_total),
                        roundtrip(a.pi_low),
                        roundtrip(a.pi_high),
                        opt_roundtrip(a.loo_pi_low),
                        opt_roundtrip(a.loo_pi_high),
                        roundtrip(a.leverage),
                        opt_roundtrip(a.studentized_internal),
                        opt_roundtrip(a.studentized_external),
                        opt_roundtrip(a.cooks_d),
                        opt_roundtrip(a.dffits),
                        opt_roundtrip(a.p_outlier),
                        opt_roundtrip(a.p_bonferroni),
                        opt_roundtrip(a.q_bh),
                        opt_roundtrip(a.reference),
                        contract::flags::join(&a.flags, ";"),
                        a.notes.join(";"),
                    ];
                    for j in 0..ncoef {
                        row.push(opt_roundtrip(a.dfbetas.get(j).copied().flatten()));
                    }
                    row.push(opt_roundtrip(deviation::ratio(a)));
                    row.push(opt_roundtrip(a.resid_pearson));
                    row.push(opt_roundtrip(a.resid_deviance));
                    row
                })
                .collect();
            write_rows(header, rows)
        }

        pub fn coefficients_csv(r: &ModelResult) -> String {
            let log = deviation::reads_as_ratio(r);
            // The header from the writer (as `areas_header`): the oracle
            // checks the rows.
            let header = super::super::COEFFICIENTS_HEADER
                .iter()
                .map(|s| s.to_string())
                .collect();
            let rows = r
                .coefficients
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        r.model.labels.get(&c.name).cloned().unwrap_or_default(),
                        roundtrip(c.estimate),
                        roundtrip(c.std_error),
                        roundtrip(c.t),
                        roundtrip(c.p),
                        roundtrip(c.ci_low),
                        roundtrip(c.ci_high),
                        roundtrip(c.hc0_std_error),
                        roundtrip(c.hc1_std_error),
                        roundtrip(c.hc2_std_error),
                        roundtrip(c.hc3_std_error),
                        opt_roundtrip(c.cluster_std_error),
                        opt_roundtrip(c.vif),
                        opt_roundtrip(c.standardized),
                        opt_roundtrip(log.then(|| c.estimate.exp())),
                        opt_roundtrip(log.then(|| c.ci_low.exp())),
                        opt_roundtrip(log.then(|| c.ci_high.exp())),
                    ]
                })
                .collect();
            write_rows(header, rows)
        }

        pub fn excluded_csv(r: &ModelResult) -> String {
            let header = ["id", "name", "year", "line", "reason"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let rows = r
                .excluded
                .iter()
                .map(|e| {
                    vec![
                        e.id.clone(),
                        e.name.clone(),
                        opt_int(e.year),
                        opt_int(e.line),
                        // The data files speak English, as results.json does.
                        e.reason.to_string(),
                    ]
                })
                .collect();
            write_rows(header, rows)
        }
    }

    /// The best of `reps` timings of `f`, in milliseconds.
    pub(crate) fn best_ms<T>(reps: usize, mut f: impl FnMut() -> T) -> f64 {
        (0..reps)
            .map(|_| {
                let t = std::time::Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1e3
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// The previous and the streamed writers timed on a `results.json`
    /// (`WRITER_RESULTS=…/results.json cargo test --release -p presentation
    /// --lib -- --ignored writer_timing --nocapture`).
    #[test]
    #[ignore = "timing, run by hand in release"]
    fn writer_timing_csv() {
        let path = std::env::var("WRITER_RESULTS").expect("WRITER_RESULTS");
        let r: ModelResult = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        assert_eq!(areas_csv(&r), before::areas_csv(&r));
        let old = best_ms(5, || before::areas_csv(&r));
        let new = best_ms(5, || areas_csv(&r));
        println!(
            "areas.csv, {} areas: before {old:.1} ms, now {new:.1} ms",
            r.areas.len()
        );
    }

    #[test]
    fn streamed_csv_bytes_equal_the_previous_writer() {
        let r = super::super::sample::varied(20_000);
        assert_eq!(areas_csv(&r), before::areas_csv(&r));
        assert_eq!(coefficients_csv(&r), before::coefficients_csv(&r));
        assert_eq!(excluded_csv(&r), before::excluded_csv(&r));
        // And under a log link (the exp columns filled).
        let mut g = r.clone();
        g.model.link = contract::results::Link::Log;
        assert_eq!(coefficients_csv(&g), before::coefficients_csv(&g));
    }

    fn read(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let mut rd = ::csv::Reader::from_reader(s.as_bytes());
        let h = rd.headers().unwrap().iter().map(String::from).collect();
        let rows = rd
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        (h, rows)
    }

    #[test]
    fn areas_csv_round_trips_every_number() {
        let r = synthetic(20);
        let (h, rows) = read(&areas_csv(&r));
        assert_eq!(rows.len(), 20);
        assert_eq!(h[h.len() - 4], "dfbetas_N01984");
        assert_eq!(h[h.len() - 3], "ratio");
        assert_eq!(h.last().unwrap(), "resid_deviance");
        let col = |name: &str| h.iter().position(|x| x == name).unwrap();
        for (a, row) in r.areas.iter().zip(&rows) {
            assert_eq!(row[col("id")], a.id);
            assert_eq!(row[col("actual")].parse::<f64>().unwrap(), a.actual);
            assert_eq!(row[col("cooks_d")].parse::<f64>().ok(), a.cooks_d);
            assert_eq!(row[col("flags")], contract::flags::join(&a.flags, ";"));
            assert_eq!(row[col("dfbetas_U00801")].parse::<f64>().ok(), a.dfbetas[1]);
        }
        // The leverage-1 area has no leave-one-out value: an empty field.
        let last = rows.last().unwrap();
        assert_eq!(last[col("loo_modelled")], "");
        assert!(last[col("notes")].contains("leverage 1"));
    }

    #[test]
    fn names_with_commas_and_quotes_are_quoted() {
        let mut r = synthetic(5);
        r.areas[0].name = "Norr, \"centrum\"".into();
        let s = areas_csv(&r);
        assert!(s.contains("\"Norr, \"\"centrum\"\"\""), "{s}");
        let (_, rows) = read(&s);
        assert_eq!(rows[0][1], "Norr, \"centrum\"");
    }

    #[test]
    fn coefficients_and_excluded() {
        let r = synthetic(10);
        let (h, rows) = read(&coefficients_csv(&r));
        assert_eq!(h[0], "name");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1][0], "U00801");
        assert_eq!(rows[1][2].parse::<f64>().unwrap(), 96.4);
        assert_eq!(rows[0][13], "", "intercept has no VIF");
        let ex = excluded_csv(&r);
        assert_eq!(
            ex,
            "id,name,year,line,reason\n2584,Kiruna,2022,2581,missing U00801\n"
        );
    }
}
