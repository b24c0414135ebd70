//! Kolada's municipality groups (`/v3/municipality_groups`), in the long CSV
//! layout `group_id,group_title,member_id,member_title`, and RKA's
//! "Liknande kommuner ekonomiskt bistånd" peer lists (seven municipalities per
//! municipality, chosen by RKA for a similar structural cost of social
//! assistance) set beside the tool's own similar areas.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::http::Client;
use super::kolada::{get_all_pages, PER_PAGE};
use super::{FetchError, FetchHint, FetchMessage, Result, GROUPS_COLUMNS};

/// The title prefix of RKA's peer groups for social assistance; a full title
/// is "Liknande kommuner ekonomiskt bistånd, Göteborg, 2023".
pub const RKA_ASSISTANCE_PREFIX: &str = "Liknande kommuner ekonomiskt bistånd";

/// One member of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMember {
    pub group_id: String,
    pub group_title: String,
    pub member_id: String,
    pub member_title: String,
}

/// The file name under the cache folder where `fetch kolada-groups` keeps a
/// copy of the groups it wrote, for `report` to pick up without `--groups`.
pub const CACHED_GROUPS_FILE: &str = "kolada-groups.csv";

/// The cached groups file (`$XDG_CACHE_HOME/modellvarde/kolada-groups.csv`,
/// see [`super::http::default_cache_dir`]), when it exists.
pub fn cached_groups_file() -> Option<std::path::PathBuf> {
    let p = super::http::default_cache_dir()?.join(CACHED_GROUPS_FILE);
    p.is_file().then_some(p)
}

/// Percent-encode a query value (RFC 3986 unreserved characters stay).
pub fn encode_query(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fetch municipality groups, all or those whose title contains `title`.
/// v3 members are `{id,title}`; `{member_id,member_title}` is read too.
pub fn fetch_groups(
    client: &mut Client,
    base_url: &str,
    title: Option<&str>,
) -> Result<Vec<GroupMember>> {
    let mut url = format!(
        "{}/v3/municipality_groups?per_page={PER_PAGE}",
        base_url.trim_end_matches('/')
    );
    if let Some(t) = title {
        url.push_str(&format!("&title={}", encode_query(t)));
    }
    let mut out = Vec::new();
    for (row, url, _) in get_all_pages(client, &url, &mut || {})? {
        let text = |v: &Value, k: &str| {
            v.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let gid = text(&row, "id");
        if gid.is_empty() {
            return Err(
                FetchError::new(FetchMessage::GroupWithoutId { url }).hint(FetchHint::GroupShape)
            );
        }
        let members = row
            .get("members")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                FetchError::new(FetchMessage::NoMembers {
                    url: url.clone(),
                    group: gid.clone(),
                })
            })?;
        for m in members {
            let id = match text(m, "id") {
                s if s.is_empty() => text(m, "member_id"),
                s => s,
            };
            let name = match text(m, "title") {
                s if s.is_empty() => text(m, "member_title"),
                s => s,
            };
            if id.is_empty() {
                return Err(FetchMessage::MemberWithoutId {
                    url: url.clone(),
                    group: gid.clone(),
                }
                .into());
            }
            out.push(GroupMember {
                group_id: gid.clone(),
                group_title: text(&row, "title"),
                member_id: id,
                member_title: name,
            });
        }
    }
    if out.is_empty() {
        return Err(FetchError::new(FetchMessage::NoGroups { url }).hint(FetchHint::CheckTitle));
    }
    Ok(out)
}

/// The long CSV `group_id,group_title,member_id,member_title`.
pub fn groups_csv(rows: &[GroupMember]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(["group_id", "group_title", "member_id", "member_title"])
        .expect("write to memory");
    for r in rows {
        w.write_record([&r.group_id, &r.group_title, &r.member_id, &r.member_title])
            .expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush to memory")).expect("UTF-8")
}

/// Read a groups CSV written by `fetch kolada-groups` (or the same layout).
pub fn read_groups_csv(path: &Path) -> Result<Vec<GroupMember>> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        FetchError::new(FetchMessage::GroupsFileRead {
            path: shown.clone(),
            error: e.to_string(),
        })
    })?;
    parse_groups_csv(&text, &shown)
}

/// Parse the groups CSV; `source` names it in messages.
pub fn parse_groups_csv(text: &str, source: &str) -> Result<Vec<GroupMember>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| {
            FetchError::new(FetchMessage::GroupsCsv {
                source: source.to_string(),
                line: 1,
                error: e.to_string(),
            })
        })?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let want = GROUPS_COLUMNS;
    let col = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            FetchError::new(FetchMessage::GroupsNoColumn {
                source: source.to_string(),
                column: name.to_string(),
            })
            .hint(FetchHint::GroupsColumns)
        })
    };
    let idx = [col(want[0])?, col(want[1])?, col(want[2])?, col(want[3])?];
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            FetchError::new(FetchMessage::GroupsCsv {
                source: source.to_string(),
                line,
                error: e.to_string(),
            })
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let f = |i: usize| rec.get(idx[i]).unwrap_or("").trim().to_string();
        let m = GroupMember {
            group_id: f(0),
            group_title: f(1),
            member_id: f(2),
            member_title: f(3),
        };
        if m.group_id.is_empty() || m.member_id.is_empty() {
            return Err(FetchMessage::GroupsEmptyId {
                source: source.to_string(),
                line,
            }
            .into());
        }
        out.push(m);
    }
    Ok(out)
}

/// RKA's peers of one municipality beside the tool's own similar areas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerAgreement {
    pub group_id: String,
    pub group_title: String,
    /// The year in the group title, when there is one.
    pub year: Option<i32>,
    /// RKA's peers (id, name), in the file's order.
    pub rka: Vec<(String, String)>,
    /// Ids in both lists, in RKA's order.
    pub both: Vec<String>,
    /// RKA's peers that the tool's list does not have.
    pub only_rka: Vec<String>,
    /// The tool's peers that RKA's list does not have, in the tool's order.
    pub only_own: Vec<String>,
}

impl PeerAgreement {
    /// Share of the union in both lists (Jaccard index), 0–1.
    pub fn jaccard(&self) -> f64 {
        let union = self.both.len() + self.only_rka.len() + self.only_own.len();
        if union == 0 {
            0.0
        } else {
            self.both.len() as f64 / union as f64
        }
    }
}

/// The latest "Liknande kommuner ekonomiskt bistånd, <area_name>, <year>" group
/// in `groups`, compared with `own` (the tool's similar areas, by id). `None`
/// when the file has no such group for the area. The focal municipality is
/// named in the title, not listed as a member, so it is matched by name.
pub fn rka_peers(
    groups: &[GroupMember],
    area_id: &str,
    area_name: &str,
    own: &[String],
) -> Option<PeerAgreement> {
    let prefix = format!("{RKA_ASSISTANCE_PREFIX}, {}", area_name.trim());
    // (year, group id) of every matching group; the latest year wins.
    let mut best: Option<(Option<i32>, &GroupMember)> = None;
    for m in groups {
        let Some(rest) = m.group_title.strip_prefix(&prefix) else {
            continue;
        };
        let year = match rest.trim() {
            "" => None,
            r => match r.strip_prefix(',').map(str::trim) {
                Some(y) => match y.parse::<i32>() {
                    Ok(y) => Some(y),
                    Err(_) => continue,
                },
                // "Liknande … bistånd, Upplands Väsby" must not match "Upplands Väsby-X".
                None => continue,
            },
        };
        if best.is_none_or(|(y, _)| year > y) {
            best = Some((year, m));
        }
    }
    let (year, g) = best?;
    let rka: Vec<(String, String)> = groups
        .iter()
        .filter(|m| m.group_id == g.group_id && m.member_id != area_id)
        .map(|m| (m.member_id.clone(), m.member_title.clone()))
        .collect();
    let rka_ids: BTreeSet<&str> = rka.iter().map(|(i, _)| i.as_str()).collect();
    let own_ids: BTreeSet<&str> = own.iter().map(String::as_str).collect();
    Some(PeerAgreement {
        group_id: g.group_id.clone(),
        group_title: g.group_title.clone(),
        year,
        both: rka
            .iter()
            .filter(|(i, _)| own_ids.contains(i.as_str()))
            .map(|(i, _)| i.clone())
            .collect(),
        only_rka: rka
            .iter()
            .filter(|(i, _)| !own_ids.contains(i.as_str()))
            .map(|(i, _)| i.clone())
            .collect(),
        only_own: own
            .iter()
            .filter(|i| !rka_ids.contains(i.as_str()) && i.as_str() != area_id)
            .cloned()
            .collect(),
        rka,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Göteborg's 2023 group as in the v3 groups file
    /// (`municipality_groups_v3_long.csv`, group G175962), plus an older
    /// made-up 2022 group and a longer-named municipality to test matching.
    const GROUPS: &str = "group_id,group_title,member_id,member_title\n\
G1,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2022\",0180,Stockholm\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",0360,Tierp\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",0760,Uppvidinge\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",0767,Markaryd\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",1272,Bromölla\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",1276,Klippan\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",1285,Eslöv\n\
G175962,\"Liknande kommuner ekonomiskt bistånd, Göteborg, 2023\",2282,Kramfors\n\
G9,\"Liknande kommuner ekonomiskt bistånd, Göteborgsområdet, 2024\",0114,Upplands Väsby\n";

    #[test]
    fn latest_rka_group_against_own_peers() {
        let g = parse_groups_csv(GROUPS, "groups.csv").unwrap();
        assert_eq!(g.len(), 9);
        let own: Vec<String> = ["1285", "1280", "0360", "1480"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let a = rka_peers(&g, "1480", "Göteborg", &own).unwrap();
        assert_eq!(a.group_id, "G175962");
        assert_eq!(a.year, Some(2023));
        assert_eq!(a.rka.len(), 7);
        assert_eq!(a.both, vec!["0360", "1285"]);
        assert_eq!(a.only_rka, vec!["0760", "0767", "1272", "1276", "2282"]);
        // The area itself is never its own peer.
        assert_eq!(a.only_own, vec!["1280"]);
        // 2 in both of 2 + 5 + 1 = 8.
        assert!((a.jaccard() - 0.25).abs() < 1e-12);
        assert!(rka_peers(&g, "1280", "Malmö", &own).is_none());
    }

    #[test]
    fn groups_csv_round_trips_and_bad_rows_name_the_line() {
        let g = parse_groups_csv(GROUPS, "groups.csv").unwrap();
        assert_eq!(groups_csv(&g), GROUPS);
        let e = parse_groups_csv(
            "group_id,group_title,member_id,member_title\nG1,x,,y\n",
            "g.csv",
        )
        .unwrap_err();
        assert!(e.message.to_string().contains("g.csv: line 2"), "{e}");
        let e = parse_groups_csv("a,b\n1,2\n", "g.csv").unwrap_err();
        assert!(
            e.message.to_string().contains("no column 'group_id'"),
            "{e}"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            encode_query("Liknande kommuner, bistånd"),
            "Liknande%20kommuner%2C%20bist%C3%A5nd"
        );
    }
}
