//! The posting and resume readers and the set builder with the built-in bank and skills lexicon:
//! over the real postings and resumes of `../shared/evaldata` (`evaldata`), and over arbitrary
//! text (`properties`).

mod evaldata;
mod properties;
