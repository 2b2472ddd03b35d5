//! CloudFormation loader (stub while being written).
pub mod yaml;
