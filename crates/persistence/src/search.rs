//! Case-insensitive prefix search (`q`) in SQL.

diesel::define_sql_function! {
    /// PostgreSQL's `lower(text)`.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// `prefix%`, with LIKE's own wildcards in `prefix` escaped (backslash is the default escape).
pub(crate) fn like_prefix(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::like_prefix;

    #[test]
    fn like_wildcards_in_a_prefix_match_literally() {
        assert_eq!(like_prefix("acme"), "acme%");
        assert_eq!(like_prefix("50%_off\\"), "50\\%\\_off\\\\%");
    }
}
