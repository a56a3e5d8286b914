//! Converts the embedded rule pack from YAML to JSON at build time, so that the binary starts
//! without parsing YAML: `Pack::embedded` reads the JSON with serde_json and keeps the YAML texts
//! (also embedded) for the content hash, `rules show` and located diagnostics. A file that does
//! not convert is embedded without JSON; the runtime then reads its YAML and reports the problem
//! with its line and column.

use std::fmt::Write as _;

use sha2::Digest;
use std::path::PathBuf;

/// Where each rule of a rule file starts, for "defined in file:line".
#[derive(serde::Deserialize)]
struct RuleLines {
    #[serde(default)]
    rules: Vec<serde_saphyr::Spanned<serde::de::IgnoredAny>>,
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the rules directory is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    let mut code = String::from(
        "/// (file name, YAML text, the same as JSON or empty when it did not convert, line of each rule)\n",
    );
    code.push_str("pub static FILES: &[(&str, &str, &str, &[usize])] = &[\n");
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        // The same options as the runtime reader (src/yaml.rs), so both read the same values.
        let options = serde_saphyr::options! {
            duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
            strict_booleans: true,
            leading_zero_numbers_as_strings: true,
            underscored_numbers_as_strings: true,
        };
        let json = serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options.clone())
            .ok()
            .and_then(|v| serde_json::to_string(&v).ok())
            .unwrap_or_default();
        let lines: Vec<usize> = serde_saphyr::from_str_with_options::<RuleLines>(&text, options)
            .map(|f| f.rules.iter().map(|r| r.referenced.line() as usize).collect())
            .unwrap_or_default();
        let path = path.display().to_string();
        let _ = writeln!(code, "    ({name:?}, include_str!({path:?}), {json:?}, &{lines:?}),");
    }
    code.push_str("];\n");
    // The pack's identity, hashed as `Pack::content_hash` hashes a pack directory.
    let mut hasher = sha2::Sha256::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let _ = writeln!(code, "/// SHA-256 over the files, as `Pack::content_hash` computes it.");
    let _ = writeln!(code, "pub static CONTENT_HASH: &str = \"sha256:{:x}\";", hasher.finalize());
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_pack.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
