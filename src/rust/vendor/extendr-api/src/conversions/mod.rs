pub(crate) mod try_into_int;
