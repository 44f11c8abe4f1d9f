//! The "New Job" form of the playground: the scenario's Job as fields the user types, read
//! from the scenario's text and written back into it, with the API server's errors placed
//! next to the fields they name. The form and the YAML are two views of one object: the form
//! is read from the text, and a change in the form rewrites only what it changed in the text.

pub mod errors;
pub mod model;
pub mod text;
pub mod write;

pub use errors::{field_for_path, job_errors, ContainerField, FormField};
pub use model::{ContainerForm, EnvVarForm, JobForm};
pub use text::TextError;

/// The form of the text's first Job (an empty form when it has none).
pub fn read(text: &str) -> Result<JobForm, TextError> {
    let doc = text::find_job(text)?;
    Ok(JobForm::from_json(
        &doc.map_or_else(text::new_job, |d| d.json),
    ))
}

/// `text` with its first Job saying what `form` says (a Job document appended when it has
/// none): the fields where the form differs from the text are rewritten, nothing else.
pub fn apply_to(text: &str, form: &JobForm) -> Result<String, TextError> {
    let doc = text::find_job(text)?;
    let mut json = doc.as_ref().map_or_else(text::new_job, |d| d.json.clone());
    let before = JobForm::from_json(&json);
    write::write_form(&mut json, &before, form);
    Ok(text::write_job(text, doc.as_ref(), &json))
}

#[cfg(test)]
mod tests;
