//! Which files a configuration comes from, how the per-user file may
//! override the managed one, and where each effective value came from.

use std::path::{Path, PathBuf};

use super::{invalid, line_of, parse, Config, Error};

/// The files a configuration is read from, in order of precedence (lowest first).
#[derive(Debug, Clone)]
pub struct ConfigFiles {
    pub managed: PathBuf,
    /// May override only what the managed file's `admin.user_may_override` lists.
    pub user: Option<PathBuf>,
    /// When `managed` was named by `--config` or `ROOMSTART_CONFIG` on a
    /// provisioned computer: the platform's managed file. The named file then
    /// may not set an endpoint, so whoever runs Roomstart cannot send the
    /// room's credentials elsewhere.
    pub provisioned: Option<PathBuf>,
}

impl ConfigFiles {
    /// `--config PATH` or `ROOMSTART_CONFIG` name the one file; otherwise the
    /// platform's managed file plus the per-user file.
    pub fn resolve(explicit: Option<&Path>) -> ConfigFiles {
        let single = explicit
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("ROOMSTART_CONFIG").map(PathBuf::from));
        match single {
            Some(path) => {
                let platform = crate::paths::managed_config_file();
                ConfigFiles {
                    provisioned: (platform.exists() && platform != path).then_some(platform),
                    managed: path,
                    user: None,
                }
            }
            None => ConfigFiles {
                managed: crate::paths::managed_config_file(),
                user: Some(crate::paths::user_config_file()),
                provisioned: None,
            },
        }
    }
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
}

pub struct Loaded {
    pub config: Config,
    /// Every effective dotted key with its value (as TOML) and origin.
    pub values: Vec<(String, String, Origin)>,
}

pub fn load(files: &ConfigFiles) -> Result<Loaded, Error> {
    let managed_text = read(&files.managed)?;
    let managed_shown = files.managed.display().to_string();
    let managed_config = parse(&managed_text, &managed_shown)?;
    if let Some(platform) = &files.provisioned {
        let feed = managed_config.updates.feed.as_ref().map(|_| "updates.feed");
        let metrics = managed_config
            .metrics
            .textfile
            .as_ref()
            .map(|_| "metrics.textfile");
        let managed_only = feed.or(metrics);
        if let Some(key) = managed_config
            .endpoints()
            .first()
            .map(|e| e.0)
            .or(managed_only)
        {
            return Err(Error::EndpointOutsideManagedFile {
                line: line_of(&managed_text, key.rsplit('.').next().unwrap_or(key)),
                path: managed_shown,
                key: key.to_string(),
                managed: platform.display().to_string(),
            });
        }
    }
    let mut merged: toml::Table = toml::from_str(&managed_text).expect("parsed above");
    let mut user_keys = Vec::new();

    if let Some(user) = files.user.as_ref().filter(|p| p.exists()) {
        let text = read(user)?;
        let shown = user.display().to_string();
        let table: toml::Table = toml::from_str(&text).map_err(|e| invalid(&text, &shown, &e))?;
        let allowed = &managed_config.admin.user_may_override;
        for (key, value) in flatten(&table) {
            if !allowed.contains(&key) || super::never_overridable(&key) {
                return Err(Error::NotOverridable {
                    line: line_of(&text, key.rsplit('.').next().unwrap_or(&key)),
                    path: shown,
                    key,
                    allowed: if allowed.is_empty() {
                        "nothing".into()
                    } else {
                        allowed.join(", ")
                    },
                });
            }
            set_dotted(&mut merged, &key, value);
            user_keys.push(key);
        }
        let merged_text = toml::to_string(&merged).expect("a table serializes");
        parse(&merged_text, &shown)?;
    }

    let merged_text = toml::to_string(&merged).expect("a table serializes");
    let config = parse(&merged_text, &managed_shown)?;
    let managed_keys: Vec<String> = flatten(&toml::from_str(&managed_text).expect("parsed above"))
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let effective: toml::Table = toml::Table::try_from(&config).expect("config serializes");
    let values = flatten(&effective)
        .into_iter()
        .map(|(key, value)| {
            let origin = if user_keys.contains(&key) {
                Origin::File(
                    files
                        .user
                        .clone()
                        .expect("user keys come from the user file"),
                )
            } else if managed_keys.contains(&key) {
                Origin::File(files.managed.clone())
            } else {
                Origin::Default
            };
            (key, value.to_string(), origin)
        })
        .collect();
    Ok(Loaded { config, values })
}

fn read(path: &Path) -> Result<String, Error> {
    let shown = path.display().to_string();
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Missing { path: shown },
        _ => Error::Unreadable {
            path: shown,
            reason: e.to_string(),
        },
    })
}

/// Dotted keys to leaf values; arrays (of tables too) count as one leaf.
fn flatten(table: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut out = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::Table(inner) => out.extend(
                flatten(inner)
                    .into_iter()
                    .map(|(k, v)| (format!("{key}.{k}"), v)),
            ),
            leaf => out.push((key.clone(), leaf.clone())),
        }
    }
    out
}

fn set_dotted(table: &mut toml::Table, key: &str, value: toml::Value) {
    match key.split_once('.') {
        Some((head, rest)) => {
            let inner = table
                .entry(head)
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            if let toml::Value::Table(inner) = inner {
                set_dotted(inner, rest, value);
            }
        }
        None => {
            table.insert(key.to_string(), value);
        }
    }
}
