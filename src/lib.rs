//! ipps-check: checks an IP public service platform description against the rule pack of
//! 《知识产权公共服务平台建设规范》.

// Problems carry their source snippet for miette; they are rare and never on a hot path.
#![allow(clippy::result_large_err)]

pub mod app;
pub mod assess;
pub mod assessment;
pub mod baseline;
pub mod batch;
pub mod cli;
pub mod committee;
pub mod config;
pub mod date;
pub mod diff;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod export;
pub mod gate;
pub mod import;
pub mod input;
pub mod lsp;
pub mod meaning;
pub mod migrate;
pub mod model;
pub mod output;
pub mod pack;
pub mod phone;
pub mod platform;
pub mod pointer;
pub mod report;
pub mod ruletest;
pub mod schema_path;
pub mod scoring;
pub mod similar;
pub mod source;
pub mod terminal;
pub mod text;
pub mod values;
pub mod waivers;
pub mod yaml;
pub mod yaml_write;
pub mod zh;
