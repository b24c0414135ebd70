//! Arguments shared by the subcommands that read area data: the data file and
//! its CSV dialect, turned into a [`Table`] and its [`Dictionary`].

use std::path::{Path, PathBuf};

use modellvarde::data::dictionary::{embedded_dictionary, embedded_table, Dictionary};
use modellvarde::data::load::{load_csv, Encoding, LoadOptions};
use modellvarde::data::Table;
use modellvarde::spec::{ColumnRoles, ModelSpec};

/// Where the area data comes from and how to read it. Every dialect setting
/// is detected when left out.
#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Data file (CSV, one row per area and year). Default: the built-in data
    /// for all 290 municipalities, 2010–2022 (Kolada).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,
    /// Field separator: ',' ';' or 'tab' (default: detected from the header).
    #[arg(long, value_name = "SEP")]
    pub delimiter: Option<String>,
    /// Numbers use a decimal comma (12,5), as Swedish Excel exports do
    /// (default: detected).
    #[arg(long)]
    pub decimal_comma: bool,
    /// Numbers use a decimal point (12.5); commas and points between digit
    /// groups are then never read as decimals by mistake (default: detected).
    #[arg(long, conflicts_with = "decimal_comma")]
    pub decimal_point: bool,
    /// Text encoding: utf8 or latin1 (default: UTF-8 if valid, else Latin-1).
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<String>,
    /// Column holding the area id (default: id, kommun, district_id, ...;
    /// in `fit`, the 1-based data row). `--id` is the same flag.
    #[arg(long = "id-column", visible_alias = "id", value_name = "COL")]
    pub id_column: Option<String>,
    /// Column holding the area name (default: name, kommun_name, district_name, ...).
    /// `--name` is the same flag.
    #[arg(long = "name-column", visible_alias = "name", value_name = "COL")]
    pub name_column: Option<String>,
    /// Column holding the group (default: group, lan, city, ...).
    #[arg(long = "group-column", value_name = "COL")]
    pub group_column: Option<String>,
    /// Column holding the year (default: year, år, årtal, ...).
    #[arg(long = "year-column", value_name = "COL")]
    pub year_column: Option<String>,
}

impl DataArgs {
    /// The validated loader options.
    pub fn load_options(&self) -> anyhow::Result<LoadOptions> {
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some("tab") | Some("\\t") | Some("\t") => Some(b'\t'),
            Some(other) => anyhow::bail!("--delimiter '{other}': use ',' ';' or 'tab'"),
        };
        let encoding = match self.encoding.as_deref().map(str::to_ascii_lowercase) {
            None => None,
            Some(e) if e == "utf8" || e == "utf-8" => Some(Encoding::Utf8),
            Some(e)
                if e == "latin1"
                    || e == "latin-1"
                    || e == "iso-8859-1"
                    || e == "windows-1252"
                    || e == "cp1252" =>
            {
                Some(Encoding::Latin1)
            }
            Some(other) => anyhow::bail!("--encoding '{other}': use utf8 or latin1"),
        };
        Ok(LoadOptions {
            delimiter,
            decimal_comma: if self.decimal_point {
                Some(false)
            } else {
                self.decimal_comma.then_some(true)
            },
            encoding,
            id_column: self.id_column.clone(),
            name_column: self.name_column.clone(),
            group_column: self.group_column.clone(),
            year_column: self.year_column.clone(),
            ..Default::default()
        })
    }
}

/// Load the table at `path` (the built-in data for `None`) with the dialect
/// options of `args` and the role columns a spec names (`[columns]`; the
/// flags win), and the dictionary beside it.
pub fn load_data_at(
    args: &DataArgs,
    path: Option<&Path>,
    columns: &ColumnRoles,
) -> anyhow::Result<(Table, Dictionary)> {
    match path {
        None => Ok((embedded_table(), embedded_dictionary())),
        Some(path) => {
            let table = load_csv(path, &columns.apply(args.load_options()?))?;
            let dict = Dictionary::beside(path)?;
            Ok((table, dict))
        }
    }
}

/// The data file a spec runs on: `--data` when given, else the spec's own
/// `data` key (relative to the spec file's folder), else `None` (built-in).
pub fn data_path_for(args: &DataArgs, spec: &ModelSpec) -> Option<PathBuf> {
    if let Some(p) = &args.data {
        return Some(p.clone());
    }
    let rel = spec.data.as_ref()?;
    let base = Path::new(&spec.file).parent().unwrap_or(Path::new("."));
    Some(base.join(rel))
}

/// Specs grouped by the data they run on, each group with its table and
/// dictionary loaded once; groups in order of first appearance.
pub struct DataGroup {
    pub table: Table,
    pub dict: Dictionary,
    pub specs: Vec<ModelSpec>,
}

pub fn load_groups(args: &DataArgs, specs: Vec<ModelSpec>) -> anyhow::Result<Vec<DataGroup>> {
    // Specs on one file that name its columns differently read it apart.
    let mut keys: Vec<(Option<PathBuf>, ColumnRoles)> = Vec::new();
    let mut members: Vec<Vec<ModelSpec>> = Vec::new();
    for s in specs {
        let key = (data_path_for(args, &s), s.columns.clone());
        match keys.iter().position(|k| *k == key) {
            Some(i) => members[i].push(s),
            None => {
                keys.push(key);
                members.push(vec![s]);
            }
        }
    }
    // Each group's file is read on its own thread (the built-in table and a
    // spec's own file load side by side); the groups and the first error
    // come back in the order above, as when read one after the other.
    let load = |(key, columns): (Option<PathBuf>, ColumnRoles), specs: Vec<ModelSpec>| {
        if let (None, Some(path)) = (&args.data, &key) {
            if !path.exists() {
                let spec = &specs[0];
                anyhow::bail!(
                        "{}: data = \"{}\": no such file {}\n  hint: the data path in a spec is taken from the spec's own folder, not the current one; fix the path or give --data",
                        spec.file,
                        spec.data.as_deref().unwrap_or_default(),
                        path.display()
                    );
            }
        }
        let (table, dict) = load_data_at(args, key.as_deref(), &columns)?;
        Ok(DataGroup { table, dict, specs })
    };
    let mut jobs: Vec<_> = keys.into_iter().zip(members).collect();
    if jobs.len() < 2 {
        return jobs.drain(..).map(|(k, m)| load(k, m)).collect();
    }
    std::thread::scope(|scope| {
        let load = &load;
        let handles: Vec<_> = jobs
            .into_iter()
            .map(|(k, m)| scope.spawn(move || load(k, m)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Most worker threads accepted. Each rayon thread reserves its stack up
/// front; tens of thousands of them take minutes to start before anything
/// fails, so an absurd `--threads` is refused at once.
pub const MAX_THREADS: usize = 1024;

/// Check `--threads`: at least 1, at most [`MAX_THREADS`].
pub fn check_threads(threads: Option<usize>) -> anyhow::Result<()> {
    match threads {
        Some(0) => anyhow::bail!(
            "--threads 0: give at least 1 thread (or leave --threads out to use all cores)"
        ),
        Some(t) if t > MAX_THREADS => anyhow::bail!(
            "--threads {t}: at most {MAX_THREADS} (more threads than cores only add overhead; leave --threads out to use all cores)"
        ),
        _ => Ok(()),
    }
}

/// Check `--out` before any work: it must be a folder or not exist yet.
pub fn check_out_folder(out: &Path) -> anyhow::Result<()> {
    if out.exists() && !out.is_dir() {
        anyhow::bail!(
            "--out {}: this is a file, not a folder\n  hint: give a folder for the results (it is created if it does not exist)",
            out.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_flags() -> DataArgs {
        DataArgs {
            data: None,
            delimiter: None,
            decimal_comma: false,
            decimal_point: false,
            encoding: None,
            id_column: None,
            name_column: None,
            group_column: None,
            year_column: None,
        }
    }

    fn spec(dir: &Path, name: &str, data: Option<&str>) -> ModelSpec {
        let data = data
            .map(|d| format!("data = \"{d}\"\n"))
            .unwrap_or_default();
        let text = format!("name = \"{name}\"\n{data}outcome = \"cost\"\ncovariates = [\"x\"]\n");
        let file = dir.join(format!("{name}.toml"));
        ModelSpec::from_toml(&text, &file.to_string_lossy()).unwrap()
    }

    fn csv(rows: usize) -> String {
        let mut s = String::from("id,name,year,cost,x\n");
        for i in 0..rows {
            s.push_str(&format!("{i:04},Area {i},2022,{},{}\n", 100 + i, i % 7));
        }
        s
    }

    #[test]
    fn groups_load_side_by_side_in_order_of_first_appearance() {
        let dir = std::env::temp_dir().join(format!("mv-load-groups-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("d1.csv"), csv(5)).unwrap();
        std::fs::write(dir.join("d2.csv"), csv(9)).unwrap();
        let specs = vec![
            spec(&dir, "a", Some("d1.csv")),
            spec(&dir, "b", None),
            spec(&dir, "c", Some("d2.csv")),
            spec(&dir, "d", Some("d1.csv")),
        ];
        let groups = load_groups(&no_flags(), specs).unwrap();
        let names: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.specs.iter().map(|s| s.name.as_str()).collect())
            .collect();
        assert_eq!(names, [vec!["a", "d"], vec!["b"], vec!["c"]]);
        assert_eq!(groups[0].table.len(), 5);
        assert_eq!(groups[1].table.len(), embedded_table().len());
        assert_eq!(groups[2].table.len(), 9);

        // Of several files that cannot be read, the first group's is named,
        // as when the files are read one after the other.
        let specs = vec![
            spec(&dir, "e", None),
            spec(&dir, "f", Some("missing-1.csv")),
            spec(&dir, "g", Some("missing-2.csv")),
        ];
        let err = load_groups(&no_flags(), specs).err().unwrap().to_string();
        assert!(
            err.contains("missing-1.csv") && !err.contains("missing-2.csv"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
