pub type PstreamFormat = extendr_ffi::R_pstream_format_t;

mod load;
mod save;

pub use load::Load;
pub use save::Save;
