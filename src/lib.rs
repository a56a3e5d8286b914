//! ipps-check: checks an IP public service platform description against the rule pack of
//! 《知识产权公共服务平台建设规范》.

pub mod error;
pub mod model;
pub mod pack;
pub mod platform;
pub mod source;
pub mod text;
pub mod yaml;
pub mod assess;
pub mod assessment;
pub mod date;
pub mod engine;
pub mod scoring;
pub mod ruletest;
pub mod gate;
pub mod report;
pub mod app;
pub mod cli;
