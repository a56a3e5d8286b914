//! The platform description: the typed shape of `platform.yaml`.
//!
//! These types exist to generate the JSON Schema (`ipps-check schema platform`) that validates every
//! platform file and names unknown fields. Rules read the validated document through JSON Pointers, so
//! every field is optional here: a missing field is a gap the rules report, not a parse error.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Declares a string newtype whose JSON Schema is a string with a pattern.
macro_rules! pattern_string {
    ($(#[$doc:meta])* $name:ident, $pattern:expr, $format:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct $name(pub String);

        impl JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = schemars::json_schema!({ "type": "string", "pattern": $pattern });
                if let Some(format) = $format {
                    schema.insert("format".into(), serde_json::Value::from(format));
                }
                schema
            }
        }
    };
}

pattern_string!(
    /// A date written `YYYY-MM-DD`, or `YYYY-MM` when the document gives only the month (rules
    /// then read it in the way least favourable to the platform: see docs/platform.md).
    Date,
    r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
    None::<&str>
);
pattern_string!(
    /// A web address (http or https).
    Url,
    r"^https?://\S+$",
    None::<&str>
);
pattern_string!(
    /// A unified social credit code (统一社会信用代码, GB 32100): 18 characters.
    Uscc,
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    None::<&str>
);

/// The platform format's version number, always 2 in files of this version.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FormatVersion(pub u8);

/// The format version this build writes and reads natively.
pub const FORMAT_VERSION: u8 = 2;

impl JsonSchema for FormatVersion {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FormatVersion".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "The platform format's version.", "const": FORMAT_VERSION })
    }
}

/// A document that backs a section's claims: a policy, a contract, a report, a web page.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Title of the document, as it stands on the document.
    pub title: String,
    /// What kind of document it is, from the rule pack's vocabulary (`citations.kinds` in
    /// pack.yaml; the built-in pack: `policy`, `plan`, `official_document`, `contract`,
    /// `credit_report`, `inspection_record`, `record`, `meeting_minutes`, `survey_report`,
    /// `financial_record`, `report`, `certificate`, `photo`). A clause accepts only the kinds its
    /// rule names; without `kind` it is inferred from the title, and the report says so.
    pub kind: Option<String>,
    /// Official document number (文号), e.g. 杭市管〔2023〕12号.
    pub doc_no: Option<String>,
    /// Where it can be read; recorded, never fetched.
    pub url: Option<Url>,
    /// Date of issue.
    pub date: Option<Date>,
    /// Section or page within the document.
    pub locator: Option<String>,
    /// A copy of the document: a path inside the evidence folder given with `--evidence-dir`.
    pub file: Option<String>,
    /// The clauses whose declarations this document backs (e.g. `8.2.1`): a clause the platform
    /// meets on its own word alone counts as verified only when a document cites it.
    pub clauses: Option<Vec<String>>,
}

/// A clause the platform declares not applicable to itself, with its justification.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    /// Clause id as in the rule pack, e.g. `6.4.7`.
    #[schemars(length(min = 1))]
    pub clause: String,
    /// Why the clause does not apply.
    #[schemars(length(min = 2))]
    pub reason: String,
}

/// The whole platform description.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "ipps-check platform description")]
pub struct Platform {
    /// Optional JSON Schema reference for editors; ignored by the checker.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The version of this format: 2. A file without it is read as version 1 and migrated
    /// (`ipps-check migrate`).
    pub format_version: FormatVersion,
    /// Identity of the platform.
    pub platform: PlatformInfo,
    /// The organisation that builds and runs the platform (6.1).
    pub operator: Option<Operator>,
    /// Management and operations bodies and management policies (6.1.3, 6.1.4).
    pub governance: Option<Governance>,
    /// Construction and operating funds (6.1.5).
    pub funding: Option<Funding>,
    /// Service region, users and industries (6.1.7, 4.3).
    pub scope: Option<Scope>,
    /// Quantified construction goals (5.4).
    pub goals: Option<Goals>,
    /// Layers, middle platforms and hosting of the online platform (6.2).
    pub architecture: Option<Architecture>,
    /// Ways users reach the platform (6.2.3, 6.2.4, 6.2.17).
    pub channels: Option<Channels>,
    /// Unified identity authentication (6.2.5).
    pub identity: Option<Identity>,
    /// Connections to government-service and CNIPA systems (6.2.6, 6.2.7).
    pub integrations: Option<Integrations>,
    /// IP data resources, sharing and quality (6.2.9-6.2.12, 6.5.14).
    pub data: Option<Data>,
    /// Classified protection, privacy and logs (6.2.15, 6.2.19, 6.5.7, 6.5.8).
    pub security: Option<Security>,
    /// Network features (6.2.23).
    pub network: Option<Network>,
    /// Online features (6.2.16, 6.2.18).
    pub features: Option<Features>,
    /// Records retention (6.5.15).
    pub records: Option<Records>,
    /// Elderly-friendly and accessible design (6.2.21).
    pub accessibility: Option<Accessibility>,
    /// Staff, roles and backgrounds (6.3).
    pub staffing: Option<Staffing>,
    /// Staff training (6.3.6, 6.3.7, 6.3.12).
    pub training: Option<Training>,
    /// Offline service premises (6.4).
    pub facilities: Option<Facilities>,
    /// Operations, availability, backups and emergency plans (6.5).
    pub maintenance: Option<Maintenance>,
    /// Build modes 自建/共建/联建/委托建设 with their agreements and contracts (7).
    pub build_mode: Option<BuildMode>,
    /// The published service-item list (8.1.1, 8.1.6).
    pub item_list: Option<ItemList>,
    /// The service items, one entry per item with its implementation-list fields (8.1, Appendix C).
    pub service_items: Option<Vec<ServiceItem>>,
    /// Value-added services (8.1.9-8.1.11, Appendix B).
    pub value_added_services: Option<Vec<ValueAddedService>>,
    /// Service management mechanisms (8.2).
    pub mechanisms: Option<Mechanisms>,
    /// The platform's own service standards (8.3).
    pub standard_system: Option<StandardSystem>,
    /// Process optimisation measures and stage management (8.4, Appendices D and E).
    pub process_optimization: Option<ProcessOptimization>,
    /// Good/bad reviews, satisfaction, indicators and statistics (9.1).
    pub evaluation: Option<Evaluation>,
    /// Improvement actions and management reviews (9.2).
    pub improvement: Option<Improvement>,
    /// Service outlets attached to the platform (6.1.9, 3.1b).
    pub outlets: Option<Vec<Outlet>>,
    /// Clauses declared not applicable, each with a justification.
    pub not_applicable: Option<Vec<NotApplicable>>,
}

/// Administrative level of the platform.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlatformLevel {
    National,
    Provincial,
    Municipal,
    District,
}

/// Whether the platform fits the standard's definition (3.1).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DefinitionFit {
    /// Has an online system.
    pub online: Option<bool>,
    /// Has offline service premises.
    pub offline: Option<bool>,
    /// Serves innovators and the public.
    pub serves_public: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlatformInfo {
    /// Name of the platform.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Address of its web portal.
    pub url: Option<Url>,
    pub level: Option<PlatformLevel>,
    /// Administrative division code (GB/T 2260), e.g. "330100".
    pub region_code: Option<String>,
    /// Date the platform went live.
    pub launched: Option<Date>,
    /// The standard the platform claims to follow (its number or title).
    pub standard_ref: Option<String>,
    pub definition_fit: Option<DefinitionFit>,
    pub evidence: Option<Vec<Evidence>>,
}

/// Kind of organisation that builds and runs the platform.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OperatorType {
    IpAdminDept,
    PublicInstitution,
    ProtectionCenter,
    University,
    Association,
    Enterprise,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// Listed as a seriously dishonest entity (严重失信).
    pub serious_dishonesty_listed: Option<bool>,
    /// Major administrative penalties in the last three years.
    #[schemars(range(min = 0))]
    pub major_penalties_3y: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    pub name: Option<String>,
    pub uscc: Option<Uscc>,
    #[serde(rename = "type")]
    pub kind: Option<OperatorType>,
    /// Has independent legal-person status (or is a relatively independent unit of one).
    pub legal_person: Option<bool>,
    pub supervising_authority: Option<String>,
    /// Authorisation or commission document, required when the operator is not itself an IP authority body.
    pub authorization_doc: Option<String>,
    pub credit: Option<Credit>,
    pub evidence: Option<Vec<Evidence>>,
}

/// Area a management policy covers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyArea {
    Service,
    Data,
    Security,
    Staff,
    Finance,
    Records,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub name: String,
    /// Document number or reference.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub effective: Option<Date>,
    pub area: Option<PolicyArea>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub management_body: Option<String>,
    pub operations_body: Option<String>,
    /// Document that divides duties between the bodies.
    pub responsibilities_doc: Option<String>,
    pub policies: Option<Vec<Policy>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    Fiscal,
    #[serde(rename = "self")]
    SelfFunded,
    CoFunding,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    pub sources: Option<Vec<FundingSource>>,
    #[schemars(range(min = 0))]
    pub annual_budget_cny: Option<f64>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    pub regions: Option<Vec<String>>,
    pub industries: Option<Vec<String>>,
    pub target_users: Option<Vec<String>>,
    /// Date of the latest user-demand survey.
    pub demand_survey_date: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    pub name: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    pub kpis: Option<Vec<Kpi>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ArchitectureLayer {
    Infrastructure,
    DataResource,
    AppSupport,
    BusinessApp,
    UserService,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    GovCloud,
    OwnDc,
    ThirdPartyCloud,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MiddlePlatforms {
    pub business: Option<bool>,
    pub data: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Architecture {
    pub layers: Option<Vec<ArchitectureLayer>>,
    pub middle_platforms: Option<MiddlePlatforms>,
    pub hosting: Option<Hosting>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MobileChannel {
    App,
    MiniProgram,
    ProvincialApp,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Channels {
    pub web_portal: Option<Url>,
    pub mobile: Option<Vec<MobileChannel>>,
    pub hotline: Option<String>,
    pub online_consult: Option<bool>,
    #[schemars(range(min = 0))]
    pub offline_sites: Option<i64>,
    pub mail_submission: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum IdentityMode {
    分建,
    统分,
    统建,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub unified_auth: Option<bool>,
    pub provider: Option<String>,
    pub mode: Option<IdentityMode>,
    pub real_name: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GovServicePlatform {
    pub connected: Option<bool>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum IntegrationMode {
    Link,
    Sso,
    Api,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CnipaSystem {
    pub name: String,
    pub url: Option<Url>,
    pub mode: Option<IntegrationMode>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Integrations {
    pub gov_service_platform: Option<GovServicePlatform>,
    pub cnipa_systems: Option<Vec<CnipaSystem>>,
}

/// What a data source is.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DataSourceKind {
    /// Chinese patent data as CNIPA publishes it (专利公布公告、著录及全文): the feed whose update lag
    /// clause 6.2.10 limits.
    CnipaPatentFeed,
    /// Chinese trademark data as CNIPA publishes it (商标公告).
    CnipaTrademarkFeed,
    /// Patent data of other offices (全球专利).
    ForeignPatent,
    /// Legal status of patents or trademarks (法律状态).
    LegalStatus,
    /// Court judgments and administrative cases (裁判文书、案件).
    Litigation,
    /// Geographical indications (地理标志).
    GeographicalIndication,
    /// Integrated-circuit layout designs (集成电路布图设计).
    IcLayout,
    /// Built from other data: statistics, citation or patent–standard links (专利与标准关联, 授权量统计).
    Derived,
    /// The platform's own records (办件, 咨询记录).
    ServiceRecords,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DataSource {
    pub name: String,
    /// What the source is (clause 6.2.10 reads the national patent feed by its kind, not its name).
    pub kind: Option<DataSourceKind>,
    #[schemars(range(min = 0))]
    pub records: Option<i64>,
    /// Days between updates (update lag).
    #[schemars(range(min = 0))]
    pub update_days: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    pub sources: Option<Vec<DataSource>>,
    pub sharing_catalog: Option<Url>,
    pub apis: Option<Vec<String>>,
    /// Standard the basic data follows, e.g. "GB/T 39046-2020".
    pub basic_data_standard: Option<String>,
    /// Who owns the system and its data.
    pub ownership: Option<String>,
    pub quality_checks: Option<Vec<String>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Security {
    /// Classified protection level (等级保护) 1–5.
    #[schemars(range(min = 1, max = 5))]
    pub mlps_level: Option<i64>,
    pub mlps_filing_no: Option<String>,
    pub last_assessment: Option<Date>,
    pub crypto_assessment: Option<bool>,
    pub privacy_policy: Option<Url>,
    #[schemars(range(min = 0))]
    pub log_retention_days: Option<i64>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    pub ipv6: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Features {
    pub progress_query: Option<bool>,
    pub e_certificates: Option<bool>,
    pub e_delivery: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Records {
    #[schemars(range(min = 0))]
    pub retention_years: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Web accessibility standard followed, e.g. "GB/T 37668-2019".
    pub web_standard: Option<String>,
    pub elderly_mode: Option<bool>,
    pub manual_channel_retained: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Role name, e.g. lead, intake, search_analysis, it_ops, data, security, quality.
    pub role: String,
    #[schemars(range(min = 0))]
    pub count: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Background {
    #[schemars(range(min = 0))]
    pub stem: Option<i64>,
    #[schemars(range(min = 0))]
    pub law: Option<i64>,
    #[schemars(range(min = 0))]
    pub info: Option<i64>,
    #[schemars(range(min = 0))]
    pub other: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Staffing {
    #[schemars(range(min = 0))]
    pub full_time: Option<i64>,
    #[schemars(range(min = 0))]
    pub part_time: Option<i64>,
    pub roles: Option<Vec<Role>>,
    /// Headcount by professional background.
    pub background: Option<Background>,
    /// Professional certificates held (informative only: clause 6.3.5, never required).
    pub certificates: Option<Vec<String>>,
    #[schemars(range(min = 0))]
    pub experts_pool: Option<i64>,
    pub dynamic_scheduling: Option<bool>,
    pub confidentiality_signed: Option<bool>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Training {
    pub policy_ref: Option<String>,
    #[schemars(range(min = 0))]
    pub hours_per_person_year: Option<f64>,
    #[schemars(range(min = 0))]
    pub sessions_last_12m: Option<i64>,
    pub competitions: Option<Vec<String>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    pub address: Option<String>,
    #[schemars(range(min = 0))]
    pub area_m2: Option<f64>,
    /// owned, leased, provided…
    pub ownership: Option<String>,
    pub transit_access: Option<String>,
    /// Building structural safety grade (GB 50068): 1 is highest.
    #[schemars(range(min = 1, max = 3))]
    pub structure_grade: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    Reception,
    Waiting,
    SelfService,
    Consult,
    Search,
    Training,
    Negotiation,
    Exhibition,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityAccessibility {
    pub ramp: Option<bool>,
    pub low_counter: Option<bool>,
    pub accessible_toilet: Option<bool>,
    pub tactile_guide: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Facilities {
    pub sites: Option<Vec<Site>>,
    pub zones: Option<Vec<Zone>>,
    #[schemars(range(min = 0))]
    pub windows: Option<i64>,
    #[schemars(range(min = 0))]
    pub self_service_terminals: Option<i64>,
    #[schemars(range(min = 0))]
    pub search_workstations: Option<i64>,
    pub accessibility: Option<FacilityAccessibility>,
    #[schemars(range(min = 0))]
    pub illuminance_lx: Option<f64>,
    #[schemars(range(min = 0))]
    pub noise_dba: Option<f64>,
    pub signage: Option<bool>,
    pub cctv: Option<bool>,
    /// Date of the latest fire-safety check.
    pub fire_check: Option<Date>,
    /// e.g. 工作日 8:30-17:00
    pub opening_hours: Option<String>,
    pub review_devices: Option<bool>,
    pub complaint_box: Option<bool>,
    pub air_quality_standard: Option<String>,
    /// Convenience facilities: queue system, seating, drinking water…
    pub convenience: Option<Vec<String>>,
    pub staff_info_posted: Option<bool>,
    pub item_list_posted: Option<bool>,
    pub maintenance_log: Option<bool>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BackupFrequency {
    Realtime,
    Daily,
    Weekly,
    Monthly,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Backup {
    pub frequency: Option<BackupFrequency>,
    pub offsite: Option<bool>,
    pub last_restore_test: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Maintenance {
    /// The in-house team or the contract that runs operations.
    pub team_or_contract: Option<String>,
    #[schemars(range(min = 0, max = 100))]
    pub availability_target_pct: Option<f64>,
    #[schemars(range(min = 0, max = 100))]
    pub availability_actual_pct: Option<f64>,
    pub monitoring_24x7: Option<bool>,
    #[schemars(range(min = 0))]
    pub incident_response_min: Option<f64>,
    pub backup: Option<Backup>,
    #[schemars(range(min = 0))]
    pub patch_sla_days: Option<f64>,
    #[schemars(range(min = 0))]
    pub vuln_scan_days: Option<f64>,
    pub emergency_plan: Option<String>,
    #[schemars(range(min = 0))]
    pub drills_last_12m: Option<i64>,
    pub content_review: Option<bool>,
    #[schemars(range(min = 0))]
    pub planned_downtime_days_12m: Option<f64>,
    pub annual_report: Option<Url>,
    pub evidence: Option<Vec<Evidence>>,
}

/// The four build modes of chapter 7.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum BuildModeKind {
    自建,
    共建,
    联建,
    委托建设,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementClause {
    Scope,
    Funding,
    Responsibilities,
    DataOwnership,
    Security,
    IpOwnership,
    Exit,
    Sla,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// 共建 or 联建.
    #[serde(rename = "type")]
    pub kind: BuildModeKind,
    pub parties: Option<Vec<String>>,
    pub signed: Option<Date>,
    pub expires: Option<Date>,
    pub clauses: Option<Vec<AgreementClause>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Procurement {
    PublicTender,
    CompetitiveNegotiation,
    SingleSource,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractClause {
    Scope,
    Acceptance,
    Security,
    Confidentiality,
    IpOwnership,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sla {
    #[schemars(range(min = 0, max = 100))]
    pub availability_pct: Option<f64>,
    #[schemars(range(min = 0))]
    pub response_min: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractReview {
    pub date: Date,
    pub result: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    pub vendor: Option<String>,
    pub uscc: Option<Uscc>,
    pub procurement: Option<Procurement>,
    #[schemars(range(min = 0))]
    pub value_cny: Option<f64>,
    /// Contract term as written, e.g. 2024-01-01/2026-12-31.
    pub term: Option<String>,
    /// First day of the term.
    pub start: Option<Date>,
    /// Last day of the term.
    pub end: Option<Date>,
    pub sla: Option<Sla>,
    pub handover_clause: Option<bool>,
    pub clauses: Option<Vec<ContractClause>>,
    pub reviews: Option<Vec<ContractReview>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildModeChange {
    pub date: Date,
    pub from: Option<Vec<BuildModeKind>>,
    pub to: Option<Vec<BuildModeKind>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildMode {
    pub modes: Option<Vec<BuildModeKind>>,
    pub agreements: Option<Vec<Agreement>>,
    pub contracts: Option<Vec<Contract>>,
    pub history: Option<Vec<BuildModeChange>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemList {
    pub version: Option<String>,
    pub effective: Option<Date>,
    pub public_url: Option<Url>,
}

/// Category of a service item (8.1.3).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum ItemCategory {
    专利,
    商标,
    地理标志,
    集成电路布图设计,
    维权援助,
    咨询,
    信息服务,
    其他,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemType {
    Public,
    ValueAdded,
}

/// Who starts an item: 依申请 or 主动 (clause C.3's 事项类型).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InitiatedBy {
    /// 依申请: an applicant applies for it.
    Applicant,
    /// 主动: the provider delivers it without an application (data publication, campaigns, ex officio
    /// enforcement); clause 8.4.4's choice of channel does not arise.
    Provider,
}

/// A way an item can be applied for or delivered.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemChannel {
    /// The web portal or an online system.
    Online,
    /// A service window (受理窗口).
    Window,
    /// Post.
    Mail,
    /// A telephone hotline.
    Hotline,
    /// E-mail.
    Email,
    /// A WeChat official account.
    Wechat,
    /// A mini-program (微信/支付宝小程序).
    MiniProgram,
    /// A mobile app.
    App,
    /// A self-service terminal.
    SelfServiceTerminal,
    /// Through a registered agency (代理机构).
    Agency,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImplementingBody {
    pub name: Option<String>,
    pub uscc: Option<Uscc>,
}

/// The unit of a time limit as guides state it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum DurationUnit {
    工作日,
    自然日,
    /// A week (周, 星期).
    周,
    月,
    小时,
    年,
}

/// A time limit: `{value, unit}`, a range `{min, max, unit}`, or `{instant: true}` (即办).
/// Rules compare limits in different units with the pack's conversion factors.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub unit: Option<DurationUnit>,
    /// Handled on the spot (即办, 即时办结, 实时).
    pub instant: Option<bool>,
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let unit = generator.subschema_for::<DurationUnit>();
        schemars::json_schema!({
            "description": "A time limit: {value, unit}, a range {min, max, unit}, or {instant: true}.",
            "type": "object",
            "properties": {
                "value": {"type": "number", "minimum": 0},
                "min": {"type": "number", "minimum": 0},
                "max": {"type": "number", "minimum": 0},
                "unit": unit,
                "instant": {"type": "boolean"}
            },
            "additionalProperties": false,
            "oneOf": [
                {"required": ["value", "unit"], "not": {"anyOf": [{"required": ["min"]}, {"required": ["max"]}, {"required": ["instant"]}]}},
                {"required": ["min", "max", "unit"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["instant"]}]}},
                {"required": ["instant"], "not": {"anyOf": [{"required": ["value"]}, {"required": ["min"]}, {"required": ["max"]}]}}
            ]
        })
    }
}

/// The item's time limits as the guide states them.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeLimit {
    /// Statutory limit (法定办结时限).
    pub statutory: Option<Duration>,
    /// Promised limit (承诺办结时限).
    pub promised: Option<Duration>,
    /// Average processing time (平均办理时间): tells applicants what to expect; not a limit, so
    /// promised-versus-statutory comparisons never use it.
    pub average: Option<Duration>,
    /// A limit the guide states without saying whether it is statutory or promised ("7个工作日内进行审查",
    /// "3—5个工作日" under a plain 办理时限): it meets clause C.11, and promised-versus-statutory
    /// comparisons (4.2, 8.1.8) never use it.
    pub unlabelled: Option<Duration>,
    /// The guide's own wording.
    pub text: Option<String>,
}

/// How a charge's amount is fixed when the guide gives no figure.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AmountSetBy {
    /// 以缴费通知书为准: the payment notice sets it.
    Notice,
    /// The linked fee schedule sets it.
    Schedule,
}

/// One charge of an item.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    /// What is charged for (申请费, 复制费…).
    pub item: Option<String>,
    #[schemars(range(min = 0))]
    pub amount: Option<f64>,
    /// The lowest amount, when the guide gives a range (每页 0.5–1 元).
    #[schemars(range(min = 0))]
    pub amount_min: Option<f64>,
    /// The highest amount of a range.
    #[schemars(range(min = 0))]
    pub amount_max: Option<f64>,
    /// Where the amount comes from when no figure is given.
    pub set_by: Option<AmountSetBy>,
    /// e.g. 元/件, 元/类
    pub unit: Option<String>,
    /// Legal basis of the charge (a regulation or notice, with its 文号).
    pub basis: Option<String>,
    /// Address of the published fee schedule.
    pub schedule_url: Option<Url>,
    /// This part is free (e.g. free to view, charged for copies).
    pub free: Option<bool>,
}

/// What an item costs.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// The item is free of charge (不收费).
    pub free: Option<bool>,
    /// Why it is free, or the rule that makes it so.
    pub basis: Option<String>,
    pub charges: Option<Vec<Charge>>,
    /// The guide's own wording.
    pub text: Option<String>,
}

/// Kind of a contact route.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Phone,
    Email,
    /// A web page or online system.
    Online,
    /// Letters to a postal address.
    Letter,
    /// In person at a window or office.
    Window,
    Wechat,
    Other,
}

/// One way to reach someone: for consultation, or for supervision and complaints.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub kind: ContactKind,
    /// The number, address or URL.
    #[schemars(length(min = 1))]
    pub value: String,
    /// Who answers, or when.
    pub note: Option<String>,
}

/// A form applicants fill in.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Form {
    pub name: String,
    /// Download address.
    pub url: Option<Url>,
    /// How the form is obtained when it cannot be downloaded (窗口领取, 公众号获取…).
    pub obtain: Option<String>,
}

/// How the item is rated by applicants (好差评).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemReview {
    /// Applicants can rate this item.
    pub enabled: Option<bool>,
    pub channels: Option<Vec<ReviewChannel>>,
    /// The guide's own wording.
    pub text: Option<String>,
}

/// One entry of the service-item implementation list (Appendix C).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceItem {
    pub name: String,
    /// What the service does (服务内容), as the list describes it.
    pub description: Option<String>,
    pub code: Option<String>,
    pub category: Option<ItemCategory>,
    #[serde(rename = "type")]
    pub kind: Option<ItemType>,
    /// 依申请 (applicant) or 主动 (provider).
    pub initiated_by: Option<InitiatedBy>,
    pub implementing_body: Option<ImplementingBody>,
    pub basis: Option<Vec<String>>,
    pub conditions: Option<String>,
    pub materials: Option<Vec<String>>,
    /// Why no materials are needed (a self-service search, a consultation).
    pub no_materials: Option<String>,
    pub process: Option<String>,
    pub flowchart: Option<Url>,
    pub channels: Option<Vec<ItemChannel>>,
    /// Why the item is offered online only or in person only: the rule or reason that restricts it
    /// (clause 8.4.4 allows a single channel where the law requires it).
    pub channel_restriction: Option<String>,
    pub location: Option<String>,
    pub hours: Option<String>,
    pub time_limit: Option<TimeLimit>,
    pub fee: Option<Fee>,
    pub progress_query: Option<String>,
    pub result: Option<String>,
    /// How to ask about the item (咨询方式).
    pub consultation: Option<Vec<Contact>>,
    /// Where to complain or report (监督投诉方式).
    pub supervision: Option<Vec<Contact>>,
    pub facilitation: Option<Vec<String>>,
    pub quality_guarantees: Option<Vec<String>>,
    pub forms: Option<Vec<Form>>,
    /// Why no forms are needed (在线填写，无需相关表格).
    pub no_forms: Option<String>,
    /// 好差评 for this item.
    pub review: Option<ItemReview>,
    pub last_reviewed: Option<Date>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Pricing {
    Free,
    LowCost,
    Market,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueAddedService {
    pub name: String,
    pub pricing: Option<Pricing>,
    pub price_public: Option<bool>,
    /// Standard the service follows, e.g. "GB/T 37286-2019".
    pub standard_ref: Option<String>,
    pub voluntary: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Complaints {
    pub channels: Option<Vec<String>>,
    /// Working days to answer a complaint.
    #[schemars(range(min = 0))]
    pub response_wd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mechanisms {
    pub first_inquiry: Option<bool>,
    pub one_time_notice: Option<bool>,
    pub time_limited: Option<bool>,
    pub instant_completion: Option<bool>,
    pub receipt_on_submission: Option<bool>,
    pub notify_commit: Option<bool>,
    pub deficiency_acceptance: Option<bool>,
    pub assisted_agency: Option<bool>,
    pub complaints: Option<Complaints>,
    pub ledger: Option<bool>,
    pub referral_partners: Option<Vec<String>>,
    pub unpublished_info_restricted: Option<bool>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum StandardCategory {
    通用基础,
    服务保障,
    服务提供,
    岗位工作,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnStandard {
    pub code: Option<String>,
    pub title: String,
    pub category: Option<StandardCategory>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StandardSystem {
    pub standards: Option<Vec<OwnStandard>>,
    /// External standards adopted, e.g. "GB/T 39554.1-2020".
    pub adopted_external: Option<Vec<String>>,
    pub last_review: Option<Date>,
    pub pilots: Option<Vec<String>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegratedService {
    pub name: String,
    pub items: Option<Vec<String>>,
    #[schemars(range(min = 0))]
    pub time_limit_wd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reductions {
    #[schemars(range(min = 0))]
    pub materials_pct: Option<f64>,
    #[schemars(range(min = 0))]
    pub time_pct: Option<f64>,
    #[schemars(range(min = 0))]
    pub steps_pct: Option<f64>,
    #[schemars(range(min = 0))]
    pub visits_pct: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnlineGuidance {
    pub manual: Option<bool>,
    pub video: Option<bool>,
    pub help: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum MeasureType {
    减材料,
    减时限,
    减环节,
    减跑动,
    一件事,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// The service item the measure targets.
    pub item: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<MeasureType>,
    /// Quantified effect, e.g. 材料由5份减至2份.
    pub effect: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum StageName {
    咨询,
    受理,
    审核,
    办结,
    送达,
    评价,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub name: StageName,
    pub role: Option<String>,
    #[schemars(range(min = 0))]
    pub limit_wd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessOptimization {
    pub integrated_services: Option<Vec<IntegratedService>>,
    pub reductions: Option<Reductions>,
    pub online_guidance: Option<OnlineGuidance>,
    pub pre_review: Option<bool>,
    pub sla_alerts: Option<bool>,
    pub measures: Option<Vec<Measure>>,
    pub stages: Option<Vec<Stage>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewChannel {
    OnSite,
    Online,
    Mobile,
    Sms,
    Hotline,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewCoverage {
    pub items: Option<bool>,
    pub staff: Option<bool>,
    pub channels: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodBadReview {
    pub enabled: Option<bool>,
    pub scale: Option<Vec<String>>,
    pub channels: Option<Vec<ReviewChannel>>,
    pub coverage: Option<ReviewCoverage>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BadReview {
    #[schemars(range(min = 0, max = 100))]
    pub callback_rate_pct: Option<f64>,
    #[schemars(range(min = 0, max = 100))]
    pub rectification_rate_pct: Option<f64>,
    #[schemars(range(min = 0))]
    pub feedback_wd: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub date: Date,
    pub method: Option<String>,
    /// How many people were asked (样本量, questionnaires sent or calls made).
    #[schemars(range(min = 0))]
    pub sample: Option<i64>,
    /// How many valid answers came back (有效回收数); at most the sample.
    #[schemars(range(min = 0))]
    pub responses: Option<i64>,
    /// Satisfaction on a 0–100 scale.
    #[schemars(range(min = 0, max = 100))]
    pub score: Option<f64>,
    pub third_party: Option<bool>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub name: String,
    #[schemars(range(min = 0))]
    pub weight: Option<f64>,
    #[schemars(range(min = 0))]
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub enum Grade {
    优秀,
    良好,
    合格,
    不合格,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfAssessment {
    pub date: Option<Date>,
    pub report: Option<Url>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    #[schemars(range(min = 0))]
    pub visits: Option<i64>,
    #[schemars(range(min = 0))]
    pub users: Option<i64>,
    #[schemars(range(min = 0))]
    pub cases: Option<i64>,
    #[schemars(range(min = 0))]
    pub consultations: Option<i64>,
    /// Where the statistics are published.
    pub public_url: Option<Url>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub good_bad_review: Option<GoodBadReview>,
    pub bad_review: Option<BadReview>,
    /// Satisfaction surveys, most recent last.
    pub satisfaction: Option<Vec<Survey>>,
    pub indicators: Option<Vec<Indicator>>,
    pub grade: Option<Grade>,
    pub results_public: Option<bool>,
    pub self_assessment: Option<SelfAssessment>,
    pub stats: Option<Stats>,
    pub linked_to_appraisal: Option<bool>,
    pub online_form_items: Option<Vec<String>>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionSource {
    Review,
    Complaint,
    Survey,
    Inspection,
    #[serde(rename = "self")]
    SelfCheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    Done,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub issue: String,
    pub source: Option<ActionSource>,
    pub action: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Date>,
    pub status: Option<ActionStatus>,
    pub effect: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Improvement {
    pub actions: Option<Vec<Action>>,
    /// Date of the latest quality analysis / management review.
    pub last_review: Option<Date>,
    pub evidence: Option<Vec<Evidence>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutletType {
    #[serde(rename = "TISC")]
    Tisc,
    UniversityCenter,
    NationalOutlet,
    ProvincialOutlet,
    Workstation,
    Other,
}

/// A service outlet (网点) attached to the platform.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Option<OutletType>,
    /// Filing or recognition number.
    pub filing_no: Option<String>,
}

/// The JSON Schema generated from these types. The same schema is committed as
/// `schemas/platform.schema.json`, which the binary reads at start-up instead of generating it
/// (a test keeps the two identical), so that a run does not pay for the generation.
pub fn generated_platform_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Platform)).unwrap_or_default()
}

static PLATFORM_SCHEMA: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(|| {
    serde_json::from_str(include_str!("../schemas/platform.schema.json"))
        .unwrap_or_else(|_| generated_platform_schema())
});

/// The JSON Schema of the platform description (read once per process).
pub fn platform_schema() -> &'static serde_json::Value {
    &PLATFORM_SCHEMA
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let committed: serde_json::Value =
            serde_json::from_str(include_str!("../schemas/platform.schema.json")).unwrap();
        assert!(
            committed == super::generated_platform_schema(),
            "schemas/platform.schema.json is stale: run `cargo run -- schema platform > schemas/platform.schema.json`"
        );
    }
}
